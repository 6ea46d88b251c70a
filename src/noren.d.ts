/** Noren's JavaScript API, available as `window.noren` as soon as the loader has run. */

/** A text in one language for all, or one per language code. */
export type LocalizedText = string | { [lang: string]: string };

/** The visitor's consent as it stands. */
export interface NorenConsent {
  /** Whether the visitor has made a choice that is still valid. */
  decided: boolean;
  /** Category id → granted. Required categories are always `true`. */
  categories: Record<string, boolean>;
  /** Service id → granted. */
  services: Record<string, boolean>;
  /** When the choice was made (ISO 8601), or `null` before any choice. */
  updatedAt: string | null;
  /** The config revision in force (`null` before the module has loaded). */
  revision: number | null;
  /** The consent id (random), or `null` before any choice. */
  id: string | null;
}

/** What `show` and `hide` events carry. */
export interface NorenViewEvent {
  view: 'banner' | 'preferences';
}

/** What `reloadneeded` carries: ids of withdrawn services (or categories, for tags without a
 * service) whose scripts already ran on this page; only a reload stops them. */
export interface NorenReloadNeeded {
  services: string[];
}

/** Event name → what its callback receives. */
export interface NorenEvents {
  ready: NorenConsent;
  change: NorenConsent;
  show: NorenViewEvent;
  hide: NorenViewEvent;
  reloadneeded: NorenReloadNeeded;
}

/** Changes for `update()`: ids mapped to on/off; ids not named keep their state. */
export interface NorenChanges {
  categories?: Record<string, boolean>;
  services?: Record<string, boolean>;
}

/** Proof of one choice: what `getRecord()` returns and what is sent to the config's `recordUrl`. */
export interface NorenRecord {
  /** Payload format version. */
  version: 1;
  /** This record's random id (shown to the visitor in the preferences dialog). */
  id: string;
  /** The consent id it belongs to (`getConsent().id`). */
  consentId: string;
  /** When (UTC, ISO 8601). */
  time: string;
  /** What was done (`gpc`: the browser's Global Privacy Control refused advertising). */
  action: 'accept-all' | 'reject-all' | 'custom' | 'withdrawal' | 'expiry' | 'close' | 'gpc';
  /** `api` when it came through `window.noren`, `ui` from Noren's interface or Noren itself. */
  source: 'ui' | 'api';
  /** The regime in force. */
  regime: 'opt-in' | 'opt-out';
  /** The visitor's region the choice was made under (`data-region` or `regionUrl`: `DE`, `US-CA`); absent when unknown (the strictest rules applied). */
  region?: string;
  /** The config revision (the text version the visitor saw). */
  revision: number;
  /** The language of the notice the visitor read (a BCP 47 tag: `ja`, `de`, `pt-BR`…). */
  language: string;
  /** Category id → granted. */
  categories: Record<string, boolean>;
  /** Service id → granted. */
  services: Record<string, boolean>;
  /** Services whose recipient links what it receives to personal data (APPI Art. 31). */
  personalData: { service: string; recipient: string; country: string; granted: boolean }[];
  /** Privacy signals in force. */
  signals: {
    gpc: boolean;
    /** With IAB TCF: the TC string this choice made. */
    tcString?: string;
    /** With IAB GPP: the GPP string in force after it. */
    gppString?: string;
  };
  /** The page (origin and path). */
  url: string;
  /** `noren/<version>`. */
  cmp: string;
}

export interface Noren {
  /** Noren's version (semantic versioning; consent records carry it in `cmp`). */
  readonly version: string;
  /** Resolves with the consent once the module runs; rejects with the reason it could not. */
  readonly ready: Promise<NorenConsent>;
  /** The consent now (undecided, nothing granted, before `ready`). */
  getConsent(): NorenConsent;
  /** The latest consent record, or `null` if none was made on this browser for this choice. */
  getRecord(): NorenRecord | null;
  /** Whether a category or service id is granted (`false` before `ready`). */
  hasConsent(categoryOrServiceId: string): boolean;
  /**
   * Grants everything, as the "Accept all" button does. Called without a user gesture
   * (`navigator.userActivation.isActive` false: not from the visitor's click), it is refused
   * with a console error unless the config has `"programmaticGrants": true`.
   */
  acceptAll(): void;
  /** Refuses everything non-essential, as the "Reject all" button does. */
  rejectAll(): void;
  /**
   * Changes some switches. A category switched on grants its services unless they are named;
   * switched off, it refuses them; a service switched on switches its category on. Without a
   * known id set to true or false it is a console error and changes nothing. A change that
   * grants anything needs a user gesture, as `acceptAll()` does (`programmaticGrants`).
   */
  update(changes: NorenChanges): void;
  /** Shows the first layer. */
  showBanner(): void;
  /** Opens the preferences dialog. */
  showPreferences(): void;
  /** Forgets the choice (deleting refused services' cookies) and asks again. */
  reset(): void;
  /** Listens to an event; returns a function that stops listening. */
  on<K extends keyof NorenEvents>(event: K, callback: (detail: NorenEvents[K]) => void): () => void;
}

/** IAB TCF v2.2 `TCData` as Noren answers it (with `noren-iab.js` and `tcf` in the config). */
export interface TCData {
  tcString: string;
  tcfPolicyVersion: number;
  cmpId: number;
  cmpVersion: number;
  gdprApplies: boolean;
  eventStatus: 'tcloaded' | 'cmpuishown' | 'useractioncomplete';
  cmpStatus: 'loaded';
  /** Only in `addEventListener` callbacks. */
  listenerId?: number;
  isServiceSpecific: boolean;
  useNonStandardTexts: boolean;
  useNonStandardStacks: boolean;
  publisherCC: string;
  purposeOneTreatment: boolean;
  enableAdvertiserConsentMode?: boolean;
  purpose: { consents: Record<string, boolean>; legitimateInterests: Record<string, boolean> };
  vendor: {
    consents: Record<string, boolean>;
    legitimateInterests: Record<string, boolean>;
    disclosedVendors: Record<string, boolean>;
  };
  specialFeatureOptins: Record<string, boolean>;
  publisher: {
    consents: Record<string, boolean>;
    legitimateInterests: Record<string, boolean>;
    customPurpose: { consents: Record<string, boolean>; legitimateInterests: Record<string, boolean> };
    restrictions: Record<string, Record<string, 0 | 1 | 2>>;
  };
}

/** IAB TCF v2.2 `PingReturn`. */
export interface TCFPingReturn {
  gdprApplies?: boolean;
  cmpLoaded: boolean;
  cmpStatus: 'stub' | 'loaded' | 'error';
  displayStatus: 'visible' | 'hidden' | 'disabled';
  apiVersion: string;
  cmpId?: number;
  cmpVersion?: number;
  gvlVersion?: number | null;
  tcfPolicyVersion?: number | null;
}

/** IAB GPP 1.1 `PingReturn`. */
export interface GPPPingReturn {
  gppVersion: '1.1';
  cmpStatus: 'stub' | 'loaded' | 'error';
  cmpDisplayStatus: 'hidden' | 'visible' | 'disabled';
  signalStatus: 'not ready' | 'ready';
  supportedAPIs: string[];
  cmpId: number;
  sectionList: number[];
  applicableSections: number[];
  gppString: string;
  parsedSections: Record<string, Array<Record<string, unknown>>>;
}

/** IAB GPP 1.1 event listener argument. */
export interface GPPEvent {
  eventName: 'listenerRegistered' | 'listenerRemoved' | 'cmpStatus' | 'cmpDisplayStatus' | 'signalStatus' | 'sectionChange' | string;
  listenerId: number;
  data: unknown;
  pingData: GPPPingReturn;
}

declare global {
  interface Window {
    readonly noren: Noren;
    /** IAB TCF v2.2 API (`noren-iab.js` with `tcf` in the config). */
    __tcfapi?: (command: string, version: number | null | undefined, callback: (value: any, success: boolean) => void, parameter?: unknown) => void;
    /** IAB GPP 1.1 API (`noren-iab.js` with `gpp` in the config). */
    __gpp?: (command: string, callback: (value: any, success: boolean) => void, parameter?: unknown, version?: string) => void;
  }
  interface WindowEventMap {
    'noren:ready': CustomEvent<NorenConsent>;
    'noren:change': CustomEvent<NorenConsent>;
    'noren:show': CustomEvent<NorenViewEvent>;
    'noren:hide': CustomEvent<NorenViewEvent>;
    'noren:reloadneeded': CustomEvent<NorenReloadNeeded>;
  }
}
