/** Fetching a token for a plan, and keeping what comes back. */
import type { ClientOptions, ClientTarget, ConnectClients, CredentialsTarget, IdentityTarget, InstanceListing } from './aws';
import { Clock } from './clock';
import { Caller } from './connectUser';
import { Deadline, fetchBudgetMs } from './deadline';
import { Failure, FailureContext, explainFailure } from './errors';
import { FetchPlan } from './fetchPlan';
import { Logger } from './logger';
import { DEFAULT_TRANSPORT } from './transport';
import { Aws } from './lazyAws';
import { Recents } from './recents';
import { withoutUserinfo } from './redact';
import { FederationSession, sessionId, unusableTokenProblem } from './session';
import { parseSession, sessionProblem } from './sessionParser';
import { SessionStore } from './sessionStore';

export type FetchOutcome = { readonly ok: true; readonly session: FederationSession } | { readonly ok: false; readonly failure: Failure };

export interface FederationServiceDeps {
  /** The SDK half, loaded on first use. */
  readonly aws: () => Aws;
  readonly clientOptions?: ClientOptions;
  readonly store: SessionStore;
  readonly recents: Recents;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface FetchOptions {
  /**
   * An automatic re-fetch: it fails rather than prompt for an MFA code, replaces only a session
   * still held (one removed meanwhile stays removed), and leaves the recent picks alone.
   */
  readonly background?: boolean;
}

interface InFlight {
  readonly outcome: Promise<FetchOutcome>;
  readonly background: boolean;
}

export class FederationService {
  /** One request per session at a time: a second ask joins the one in flight. */
  private readonly inFlight = new Map<string, InFlight>();
  private readonly listeners = new Set<(outcome: FetchOutcome) => void>();
  private connectClients: ConnectClients | undefined;

  constructor(private readonly deps: FederationServiceDeps) {}

  fetch(plan: FetchPlan, signal?: AbortSignal, options: FetchOptions = {}): Promise<FetchOutcome> {
    const id = sessionId(plan);
    const joined = this.inFlight.get(id);
    return joined ? this.join(joined, plan, signal, options) : this.start(id, plan, signal, options);
  }

  private start(id: string, plan: FetchPlan, signal: AbortSignal | undefined, options: FetchOptions): Promise<FetchOutcome> {
    const background = options.background ?? false;
    const outcome = this.deps
      .aws()
      .runWithInteractivity(!background, () => this.request(id, plan, signal, background))
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, { outcome, background });
    void outcome.then((o) => this.notify(o));
    return outcome;
  }

  /**
   * A second ask for the same session waits for the first request, yet its own Cancel still
   * cancels it; and when a background request failed for want of an MFA prompt, an interactive
   * ask makes its own request.
   */
  private async join(joined: InFlight, plan: FetchPlan, signal: AbortSignal | undefined, options: FetchOptions): Promise<FetchOutcome> {
    const cancelled = signal && new Promise<FetchOutcome>((resolve) => {
      const cancel = () => resolve({ ok: false, failure: explainFailure({ name: 'AbortError' }, this.context(plan)) });
      if (signal.aborted) {
        cancel();
      } else {
        signal.addEventListener('abort', cancel, { once: true });
      }
    });
    const outcome = await (cancelled ? Promise.race([joined.outcome, cancelled]) : joined.outcome);
    const promptWanted = joined.background && !options.background && !outcome.ok && outcome.failure.kind === 'needsInteraction';
    return promptWanted ? this.fetch(plan, signal, options) : outcome;
  }

  /** Every finished fetch, successful or not, and every failed credential check (which ends a fetch before it starts). */
  onDidFetch(listener: (outcome: FetchOutcome) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private notify(outcome: FetchOutcome): void {
    this.listeners.forEach((listener) => listener(outcome));
  }

  /**
   * Loads the SDK and resolves the profile's credentials (under the role session name the fetch will
   * use): started as soon as the profile is picked, so that credential problems (an expired SSO
   * session …) show before any Connect request and the fetch itself costs one round trip. Undefined
   * when the credentials are fine. Bounded by the same deadline as a fetch (time spent answering an
   * MFA prompt aside).
   */
  async checkCredentials(target: CredentialsTarget & { readonly profileExists: boolean }, signal?: AbortSignal): Promise<Failure | undefined> {
    const { profile, profileExists } = target;
    const transport = target.transport ?? DEFAULT_TRANSPORT;
    const clients = this.clients();
    const deadline = new Deadline(fetchBudgetMs(transport, false), signal, () => clients.promptTimeMs());
    try {
      await deadline.run((limit) => clients.resolveCredentials({ profile, transport, roleSessionName: target.roleSessionName }, limit));
      return undefined;
    } catch (error) {
      const failure = explainFailure(deadline.exceeded ? deadline.signal.reason : error, { operation: 'SignIn', profile, profileExists, region: '' });
      this.deps.log.warn(`Credentials of profile ${profile} failed: ${failure.kind}\n${failure.detail}`);
      this.notify({ ok: false, failure });
      return failure;
    } finally {
      deadline.dispose();
    }
  }

  /**
   * The instances of a region, page by page, through the same client a fetch would use; the
   * credentials first, under a fetch's deadline (the SDK would wait for a hung credential_process).
   */
  async *listInstances(target: ClientTarget, signal?: AbortSignal): AsyncIterable<InstanceListing[]> {
    const clients = this.clients();
    const transport = target.transport ?? DEFAULT_TRANSPORT;
    const deadline = new Deadline(fetchBudgetMs(transport, false), signal, () => clients.promptTimeMs());
    try {
      await deadline.run((limit) => clients.resolveCredentials({ ...target, transport }, limit));
    } catch (error) {
      throw deadline.exceeded ? deadline.signal.reason : error;
    } finally {
      deadline.dispose();
    }
    yield* this.deps.aws().listInstances(clients.get(target), signal);
  }

  /**
   * Asks who the target's credentials sign in as while the user is still picking (idle time), so a
   * fetch then finds the answer cached and the session shows its identity in one update. Bounded
   * like a background fetch; a failure is left for the fetch to ask again and report.
   */
  askCallerAhead(target: IdentityTarget): void {
    const deadline = new Deadline(fetchBudgetMs(target.transport ?? DEFAULT_TRANSPORT, true));
    deadline
      .run((limit) => this.clients().callerIdentity(target, limit))
      .catch(() => undefined)
      .finally(() => deadline.dispose());
  }

  /** Drops clients and cached credentials, so changed config files or settings apply to the next request. */
  reset(): void {
    this.connectClients?.reset();
    this.connectClients = undefined;
  }

  private clients(): ConnectClients {
    return (this.connectClients ??= new (this.deps.aws().ConnectClients)(this.deps.clientOptions));
  }

  /**
   * Credentials, request and body under one deadline (fetchBudgetMs) that Cancel also ends; the
   * token is checked twice before it is kept: well-formed (federation.ts) and usable (it does not
   * expire at once by the service's clock). Remembering the pick is a courtesy: if that fails, the
   * fetch has still succeeded. Who signed in is asked alongside (GetCallerIdentity): never waited
   * for, except to name the identity when Connect has no user for it.
   */
  private async request(id: string, plan: FetchPlan, signal: AbortSignal | undefined, background: boolean): Promise<FetchOutcome> {
    const started = this.deps.clock.now();
    const where = `profile=${plan.profile} instance=${plan.instanceId} region=${plan.region} (${plan.regionSource})` +
      (plan.roleSessionName !== undefined ? ` roleSessionName=${plan.roleSessionName}` : '') +
      (plan.endpoint ? ` endpoint=${withoutUserinfo(plan.endpoint)} (${plan.endpointSource})` : '');
    this.deps.log.info(`GetFederationToken ${where}`);
    const clients = this.clients();
    const target = { profile: plan.profile, transport: plan.transport, roleSessionName: plan.roleSessionName };
    const deadline = new Deadline(fetchBudgetMs(plan.transport, background), signal, () => clients.promptTimeMs());
    let phase: 'credentials' | 'request' = 'credentials';
    const asked: { caller?: CallerLookup } = {};
    try {
      const result = await deadline.run(async (limit) => {
        await clients.resolveCredentials(target, limit);
        asked.caller = this.lookUpCaller(clients, plan);
        phase = 'request';
        const client = clients.get({ ...target, region: plan.region, endpoint: plan.endpoint });
        return this.deps.aws().fetchFederationToken(client, plan.instanceId, { signal: limit, endpoint: plan.endpoint });
      });
      const fetchedAt = this.deps.clock.now();
      const unusable = unusableTokenProblem(result, fetchedAt);
      if (unusable) {
        throw Object.assign(new Error(unusable), { name: 'UnusableTokenError' });
      }
      const fetched = {
        id,
        profile: plan.profile,
        instanceId: plan.instanceId,
        instanceAlias: plan.instanceAlias,
        region: plan.region,
        endpoint: plan.endpoint,
        roleSessionName: plan.roleSessionName,
        fetchedAt,
        ...result,
        callerArn: asked.caller?.known?.arn,
      };
      // Kept exactly as any window will read it back, or not at all: nothing held disappears on reload.
      const session = parseSession(fetched);
      if (!session) {
        throw Object.assign(new Error(`The session cannot be kept: ${sessionProblem(fetched)}.`), { name: 'ConfigurationError' });
      }
      // The request is over: its deadline ends here, so a slow storage is reported as that (it bounds its own wait).
      deadline.dispose();
      // The view shows the session as put() starts; the secret write and the recents (a separate,
      // non-secret store) go out together rather than one round trip after the other.
      await Promise.all([
        (!background || this.deps.store.get(id)) && this.deps.store.put(session),
        !background && this.remember(plan, session),
      ]);
      this.deps.log.info(`GetFederationToken succeeded in ${this.deps.clock.now() - started} ms; user ${session.userArn}`);
      if (!session.callerArn && asked.caller) {
        // The identity line fills in when the answer comes, if the session is still this fetch's.
        void asked.caller.answer.then((known) => known && this.deps.store.amend({ ...session, callerArn: known.arn }));
      }
      return { ok: true, session };
    } catch (error) {
      // Cancel and the deadline decide what happened, whatever the SDK made of the abort (a reset body reads as a network error).
      const cause = signal?.aborted
        ? { name: 'AbortError' }
        : deadline.exceeded
          ? Object.assign(deadline.signal.reason as Error, { phase })
          : error;
      let failure = explainFailure(cause, this.context(plan));
      if (failure.kind === 'userNotFound' && asked.caller) {
        // The message names who signed in and the Connect user that maps to: worth the wait (bounded, and Cancel ends it).
        const known = await Promise.race([asked.caller.answer, aborted(signal)]);
        failure = known ? explainFailure(cause, { ...this.context(plan), caller: known }) : failure;
      }
      this.deps.log.warn(`GetFederationToken failed after ${this.deps.clock.now() - started} ms: ${failure.kind}\n${failure.detail}`);
      return { ok: false, failure };
    } finally {
      deadline.dispose();
    }
  }

  /** Asks who the plan's credentials sign in as; a failure is logged, and the fetch goes on without it. */
  private lookUpCaller(clients: ConnectClients, plan: FetchPlan): CallerLookup {
    const target = { profile: plan.profile, transport: plan.transport, roleSessionName: plan.roleSessionName, region: plan.region, stsEndpoint: plan.stsEndpoint };
    return new CallerLookup(clients.callerIdentity(target), (error) => {
      const failure = explainFailure(error, { operation: 'SignIn', profile: plan.profile, profileExists: plan.profileExists, region: plan.region, endpoint: plan.stsEndpoint });
      this.deps.log.warn(`STS GetCallerIdentity for profile ${plan.profile} failed (the session shows no identity): ${failure.kind}\n${failure.detail}`);
    });
  }

  private async remember(plan: FetchPlan, session: FederationSession): Promise<void> {
    try {
      await this.deps.recents.remember(plan.profile, {
        instanceId: plan.instanceId,
        alias: plan.instanceAlias,
        region: plan.region,
        usedAt: session.fetchedAt,
      });
      if (plan.roleSessionName !== undefined) {
        await this.deps.recents.rememberRoleSessionName(plan.profile, plan.instanceId, plan.roleSessionName);
      }
    } catch (error) {
      this.deps.log.warn(`Could not remember the instance for profile ${plan.profile}: ${String(error)}`);
    }
  }

  private context(plan: FetchPlan): FailureContext {
    return {
      operation: 'GetFederationToken',
      profile: plan.profile,
      profileExists: plan.profileExists,
      region: plan.region,
      instanceId: plan.instanceId,
      endpoint: plan.endpoint,
      secrets: this.deps.store.list().flatMap(secretsOf),
      canChooseUser: plan.assumesRole,
    };
  }
}

/** Who signed in: the question under way (never rejecting: undefined when it failed), and its answer once it came. */
class CallerLookup {
  known: Caller | undefined;
  readonly answer: Promise<Caller | undefined>;

  constructor(asking: Promise<Caller>, failed: (error: unknown) => void) {
    this.answer = asking.then(
      (caller) => (this.known = caller),
      (error: unknown) => {
        failed(error);
        return undefined;
      },
    );
  }
}

/** Resolves with undefined once the signal aborts (never, without one). */
function aborted(signal: AbortSignal | undefined): Promise<undefined> {
  return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(undefined), { once: true }));
}

/** Every value of a session that must never be shown or logged. */
export function secretsOf(session: FederationSession): string[] {
  return [session.credentials.accessToken, session.credentials.refreshToken, session.signInUrl];
}
