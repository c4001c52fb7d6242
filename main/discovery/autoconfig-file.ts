// Reads the IMAP and SMTP servers out of a Thunderbird-style autoconfig file (config-v1.1.xml).
// Only <incomingServer type="imap"> and <outgoingServer type="smtp"> are read; SSL/TLS is preferred
// to STARTTLS and unencrypted entries are refused. Everything else in the file is ignored.
//
// The file comes from the network, so it is parsed defensively with fast-xml-parser: a document type
// declaration is refused before the parser sees it (no entity can be defined, nothing external is
// named), the document must be well-formed, only the five predefined XML entities are decoded, and
// nesting is bounded. The caller (https-text.ts) already bounds the size. Any failure means "no
// usable servers".
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { safeHostName } from './host-name';

export interface DiscoveredServer {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
}

export interface AutoconfigServers {
  imap: DiscoveredServer;
  smtp: DiscoveredServer | null;
}

/** An element as the parser hands it back: its text alone, or its attributes, text and children. */
type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

const ATTRIBUTE = '@_';
const TEXT = '#text';

/** The elements that are always read as lists, however many of them the file has. */
const repeated = new Set([
  'clientConfig.emailProvider',
  'clientConfig.emailProvider.incomingServer',
  'clientConfig.emailProvider.outgoingServer',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
  // Only the predefined entities can occur (a DOCTYPE is refused first); the limits are a second line.
  processEntities: {
    enabled: true,
    maxEntityCount: 1,
    maxEntitySize: 1,
    maxExpansionDepth: 1,
    maxTotalExpansions: 10_000,
    maxExpandedLength: 64 * 1024,
  },
  maxNestedTags: 16,
  isArray: (_name, path, _isLeaf, isAttribute) => !isAttribute && repeated.has(String(path)),
});

/** A markup declaration other than a comment or CDATA section: <!DOCTYPE …>, <!ENTITY …> and the like. */
const DECLARATION = /<!(?!--|\[CDATA\[)/;

const socketTypes: Record<string, DiscoveredServer['security']> = { SSL: 'tls', STARTTLS: 'starttls' };

function isElement(node: XmlNode | XmlNode[] | undefined): node is Exclude<XmlNode, string> {
  return typeof node === 'object' && !Array.isArray(node);
}

function childrenOf(node: XmlNode, name: string): XmlNode[] {
  if (!isElement(node) || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The text of an element that holds text only (attributes allowed), else null. */
function textOf(node: XmlNode | undefined): string | null {
  if (typeof node === 'string') return node;
  if (!isElement(node)) return null;
  const keys = Object.keys(node).filter((key) => !key.startsWith(ATTRIBUTE));
  if (keys.some((key) => key !== TEXT)) return null;
  const text = node[TEXT] ?? '';
  return typeof text === 'string' ? text : null;
}

/** The trimmed text of the first child of that name, as in the file's own order. */
function childText(element: XmlNode, name: string): string | null {
  return textOf(childrenOf(element, name)[0])?.trim() ?? null;
}

function attribute(element: XmlNode, name: string): string | null {
  const value = isElement(element) && Object.hasOwn(element, ATTRIBUTE + name) ? element[ATTRIBUTE + name] : null;
  return typeof value === 'string' ? value : null;
}

function substitute(template: string, email: string): string {
  const at = email.lastIndexOf('@');
  const values: Record<string, string> = {
    '%EMAILADDRESS%': email,
    '%EMAILLOCALPART%': email.slice(0, at),
    '%EMAILDOMAIN%': email.slice(at + 1),
  };
  return template.replace(/%EMAIL(?:ADDRESS|LOCALPART|DOMAIN)%/g, (placeholder) => values[placeholder] ?? '');
}

function serverOf(element: XmlNode, email: string): DiscoveredServer | null {
  const security = socketTypes[childText(element, 'socketType') ?? ''];
  const portText = childText(element, 'port') ?? '';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
  const host = safeHostName(substitute(childText(element, 'hostname') ?? '', email));
  if (!security || port < 1 || port > 65535 || !host) return null;
  return { host, port, security };
}

/** The most secure usable entry of that kind and type: the first SSL/TLS one, else the first STARTTLS one. */
function pick(providers: XmlNode[], kind: string, type: string, email: string): DiscoveredServer | null {
  const servers = providers
    .flatMap((provider) => childrenOf(provider, kind))
    .filter((element) => attribute(element, 'type')?.toLowerCase() === type)
    .map((element) => serverOf(element, email))
    .filter((server): server is DiscoveredServer => server !== null);
  return servers.find((server) => server.security === 'tls') ?? servers[0] ?? null;
}

/** The document's single <clientConfig> root element, or null when the file is not a well-formed autoconfig file. */
function clientConfigOf(xml: string): XmlNode | null {
  if (DECLARATION.test(xml) || XMLValidator.validate(xml) !== true) return null;
  let document: XmlNode;
  try {
    document = parser.parse(xml) as XmlNode;
  } catch {
    return null;
  }
  if (!isElement(document)) return null;
  const roots = Object.keys(document);
  const root = document.clientConfig;
  // Two roots come back as a list; anything else at the top is another kind of document.
  return roots.length === 1 && roots[0] === 'clientConfig' && root !== undefined && !Array.isArray(root) ? root : null;
}

/** The servers the file names for `email`, or null when it is not a usable autoconfig file. */
export function serversFromAutoconfig(xml: string, email: string): AutoconfigServers | null {
  const root = clientConfigOf(xml);
  if (root === null) return null;
  const providers = childrenOf(root, 'emailProvider');
  const imap = pick(providers, 'incomingServer', 'imap', email);
  if (!imap) return null;
  return { imap, smtp: pick(providers, 'outgoingServer', 'smtp', email) };
}
