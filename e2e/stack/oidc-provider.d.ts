// Just the parts of oidc-provider 9 that the stack's authorization server uses. The package ships
// no types and @types/oidc-provider describes older majors, so these are declared here.
declare module 'oidc-provider' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface KoaContext {
    status: number;
    type: string;
    body: unknown;
    /** Present only on requests that reached one of the provider's routes. */
    oidc?: {
      route: string;
      params?: Record<string, unknown>;
      client?: Client;
    };
  }

  export interface Client {
    clientId: string;
    clientName?: string;
    clientAuthMethod: string;
  }

  export interface Token {
    kind: string;
    clientId?: string;
    accountId?: string;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat: 'opaque' | 'jwt';
  }

  export interface PromptDetails {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[]; details: PromptDetails };
    params: Record<string, unknown>;
    session?: { accountId: string };
    grantId?: string;
  }

  export interface InteractionResults {
    login?: { accountId: string };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [prompt: string]: unknown;
  }

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    static find(id: string): Promise<Grant | undefined>;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export type Configuration = Record<string, unknown>;

  export class Provider extends EventEmitter {
    constructor(issuer: string, configuration: Configuration);
    readonly Grant: typeof Grant;
    readonly Client: { find(id: string): Promise<Client | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }

  export class Prompt {
    constructor(options: { name: string; requestable: boolean });
  }

  export interface Policy extends Array<Prompt> {
    add(prompt: Prompt, index?: number): void;
  }

  export const interactionPolicy: { base(): Policy; Prompt: typeof Prompt };

  export default Provider;
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  /** The package's own in-memory storage, without the "development only" notice of the default. */
  export function createMemoryAdapter(clockTolerance?: number): (model: string) => unknown;
}
