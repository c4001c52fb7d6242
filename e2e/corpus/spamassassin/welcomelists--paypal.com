Received: (qmail 18217 invoked from network); 4 Apr 2002 21:41:45 -0000
Received: from localhost (127.0.0.1)
  by localhost with SMTP; 4 Apr 2002 21:41:45 -0000
Delivered-To: zzzzzz@xyz.com
Received: from mail.xyz.com [64.123.162.104]
	by localhost with POP3 (fetchmail-5.9.0)
	for xyz@localhost (single-drop); Thu, 04 Apr 2002 16:41:45 -0500 (EST)
Received: (qmail 857 invoked from network); 4 Apr 2002 21:41:11 -0000
Received: from unknown (HELO web18.nix.paypal.com) (65.206.229.164)
  by mail0.tyva.xyz.com with SMTP; 4 Apr 2002 21:41:11 -0000
Received: (qmail 13807 invoked by uid 99); 4 Apr 2002 21:41:10 -0000
Date: Thu, 04 Apr 2002 13:41:10 -0800
Message-Id: <1017000000.00000@paypal.com>
From: service@paypal.com
To: rod@xyz.com
Subject: Receipt for your Payment

This email confirms that you have paid xyz.com Ltd. $12.00 
using PayPal.

---------------------------------------------------------------
This payment was sent using your bank account. 

By using your bank account to send money, you just:

- Paid instantly and securely 
- Sent money faster than writing and mailing paper checks.
- Received an additional entry in our $1,000 Sweepstakes!
  
Thanks for using your bank account!

---------------------------------------------------------------


Thank you,
The PayPal Team

Note: When you log in to your PayPal account, be sure that the website's URL always begins with "https://www.paypal.com/".  The "s" in "https" at the beginning of the URL means you are logging into a secure page.  If the URL does not begin with https, you are not on a PayPal page.  



Please do not reply to this e-mail. Mail sent to this address 
cannot be answered. For assistance, log in to your PayPal 
account and choose the "Help" link in the footer of any page.


