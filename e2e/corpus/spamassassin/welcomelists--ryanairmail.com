From webster@ryanairmail.com  Fri Aug 16 12:59:01 2002
Return-Path: <webster@ryanairmail.com>
Delivered-To: zzzz@localhost.foofoofoofoo.com
Received: from localhost (localhost [127.0.0.1])
	by phobos.labs.foofoofoofoo.com (Postfix) with ESMTP id E163743C32
	for <zzzz@localhost>; Fri, 16 Aug 2002 07:58:59 -0400 (EDT)
Received: from phobos [127.0.0.1]
	by localhost with IMAP (fetchmail-5.9.0)
	for zzzz@localhost (single-drop); Fri, 16 Aug 2002 12:58:59 +0100 (IST)
Received: from mail.ryanair2.ie ([193.120.152.8]) by dogma.slashnull.org
    (8.11.6/8.11.6) with SMTP id g7GBwca16137 for <xxxxx@yyyyyy.zzz>;
    Fri, 16 Aug 2002 12:58:38 +0100
From: webster@ryanairmail.com
To: "Customers" <customers@mail.ryanairmail.com>
Subject: Incredible Autumn Fares
Date: Fri, 16 Aug 2002 08:41:00 +0100
X-Assembled-BY: XWall v3.21
X-Mailer: MailBeamer v3.28
Message-Id: <LISTMANAGER-123546-16680-2002.08.16-08.51.02--xxxxx@yyyyyy.zzz@mail.ryanairmail.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
List-Unsubscribe: <mailto:leave-customers-123546K@mail.ryanairmail.com>
Reply-To: webster@ryanairmail.com
Content-Transfer-Encoding: 8bit
X-MIME-Autoconverted: from quoted-printable to 8bit by dogma.slashnull.org
    id g7GBwca16137

Massive seat sale this weekend on Ryanair.com
Fares from £ 6.25 one way including taxes
Travel between 9 September and 17 December
Sale until midnight Monday 19 August
Travel between 1200 hrs Monday and 1300 hrs Thursday or
Saturdays after 1200hrs to get these fares
Limited availability during school break periods and bank
holiday weekends.  All fares quoted are one way including taxes.
Book now at http://www.ryanair.com


*********************** Domestic UK *************************
London Stansted to Glasgow Prestwick 		from £  6.25
Glasgow Prestwick to London Stansted		from £  6.25
London Stansted to City of Derry 		from £12.99
City of Derry to London Stansted			from £12.99

*********************** UK to Scandinavia *************************
London Stansted to Gothenburg	 		from £  9.99
London Stansted to Stockholm NYO 		from £12.99
London Stansted to Stockholm VST 		from £12.99
London Stansted to Aarhus 	 		from £14.99
London Stansted to Esbjerg	 		from £14.99
London Stansted to Oslo Torp	 		from £14.99
Glasgow Prestwick to Oslo Torp			from £19.99

****************** UK to Belgium/Netherlands ********************
London Stansted to Brussels Charleroi 		from £  9.99
London Stansted to Eindhoven	 		from £12.99
Liverpool to Brussels Charleroi 	 		from £12.99
Glasgow Prestwick to Brussels Charleroi  	from £12.99

****************** UK to France/Italy ********************
London Stansted to Dinard	 		from £14.99
London Stansted to St Etienne	 		from £14.99
London Stansted to Milan Bergamo 		from £14.99
Glasgow Prestwick to Paris Beauvais		from £14.99

****************** UK to Germany/Austria ********************
Bournemouth to Frankfurt Hahn 			from £12.99
London Stansted to Frankfurt Hahn 		from £12.99
London Stansted to Hamburg Lubeck 		from £14.99
London Stansted to Klagenfurt	 		from £14.99

*********************** UK to Ireland *************************
Manchester to Dublin	 			from £  9.99
Leeds Bradford to Dublin	 			from £  9.99
Bristol to Dublin	 				from £  9.99
Edinburgh to Dublin	 			from £  9.99
Teesside to Dublin	 			from £  9.99
Glasgow Prestwick to Dublin 			from £  9.99
Bournemouth to Dublin	 			from £  9.99
Liverpool to Dublin 				from £  9.99
London Stansted to Knock			from £12.99
London Stansted to Shannon			from £14.99
London Stansted to Cork			from £14.99
London Luton to Dublin				from £14.99
London Gatwick to Dublin	 		from £14.99
London Stansted to Dublin	 		from £14.99

*********************** Ireland to UK *************************
Dublin to Liverpool				from Eur  9.99
Dublin to Manchester				from Eur  9.99
Dublin to Bournemouth				from Eur12.99
Dublin to Bristol					from Eur12.99
Dublin to Leeds Bradford				from Eur12.99
Dublin to Edinburgh				from Eur12.99
Dublin to Teesside				from Eur12.99
Dublin to Glasgow Prestwick			from Eur12.99
Knock to London Stansted			from Eur12.99
Cork to London Stansted			from Eur14.99
Shannon to London Stansted			from Eur14.99
Dublin to London Stansted			from Eur14.99
****************************************************************

====================================================================

E-MAIL DISCLAIMER

This e-mail and any files and attachments transmitted with it
are confidential and may be legally privileged. They are intended
solely for the use of the intended recipient.  Any views and
opinions expressed are those of the individual author/sender
and are not necessarily shared or endorsed by Ryanair Holdings plc
or any associated or related company. In particular e-mail
transmissions are not binding for the purposes of forming
a contract to sell airline seats, directly or via promotions,
and do not form a contractual obligation of any type.
Such contracts can only be formed in writing by post or fax,
duly signed by a senior company executive, subject to approval
by the Board of Directors.

The content of this e-mail or any file or attachment transmitted
with it may have been changed or altered without the consent
of the author.  If you are not the intended recipient of this e-mail,
you are hereby notified that any review, dissemination, disclosure,
alteration, printing, circulation or transmission of, or any
action taken or omitted in reliance on this e-mail or any file
or attachment transmitted with it is prohibited and may be unlawful.

If you have received this e-mail in error
please notify Ryanair Holdings plc by emailing postmaster@ryanair.ie
or contact Ryanair Holdings plc, Dublin Airport, Co Dublin, Ireland.

=====================================================================

E-MAIL DISCLAIMER

This e-mail and any files and attachments transmitted with it 
are confidential and may be legally privileged. They are intended 
solely for the use of the intended recipient.  Any views and 
opinions expressed are those of the individual author/sender 
and are not necessarily shared or endorsed by Ryanair Holdings plc 
or any associated or related company. In particular e-mail 
transmissions are not binding for the purposes of forming 
a contract to sell airline seats, directly or via promotions, 
and do not form a contractual obligation of any type.   
Such contracts can only be formed in writing by post or fax, 
duly signed by a senior company executive, subject to approval 
by the Board of Directors.

The content of this e-mail or any file or attachment transmitted 
with it may have been changed or altered without the consent 
of the author.  If you are not the intended recipient of this e-mail, 
you are hereby notified that any review, dissemination, disclosure, 
alteration, printing, circulation or transmission of, or any 
action taken or omitted in reliance on this e-mail or any file 
or attachment transmitted with it is prohibited and may be unlawful.

If you have received this e-mail in error 
please notify Ryanair Holdings plc by emailing postmaster@ryanair.ie
or contact Ryanair Holdings plc, Dublin Airport, Co Dublin, Ireland.  


---
You are currently subscribed to customers as: xxxxx@yyyyyy.zzz
To unsubscribe send a blank email to leave-customers-123546K@mail.ryanairmail.com

