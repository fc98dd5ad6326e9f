/**
 * The subset of declarativeNetRequest rules this extension builds. Kept here, free of any
 * browser import, so rule building stays pure and testable in node; the platform layer
 * hands these to the browser as they are.
 */
export type ResourceType =
  | 'main_frame'
  | 'sub_frame'
  | 'stylesheet'
  | 'script'
  | 'image'
  | 'font'
  | 'object'
  | 'xmlhttprequest'
  | 'ping'
  | 'csp_report'
  | 'media'
  | 'websocket'
  | 'other'
  // Firefox only
  | 'beacon'
  | 'object_subrequest'
  | 'xslt'
  | 'xml_dtd'
  | 'imageset'
  | 'web_manifest'
  | 'speculative'
  | 'json'
  // Chrome only
  | 'webtransport'
  | 'webbundle';

export interface DnrCondition {
  urlFilter?: string;
  regexFilter?: string;
  isUrlFilterCaseSensitive?: boolean;
  requestDomains?: string[];
  excludedRequestDomains?: string[];
  resourceTypes?: ResourceType[];
  /** Lowercase HTTP methods ("post"...). */
  requestMethods?: string[];
  /** Session rules only. */
  tabIds?: number[];
  /** The host of the request's initiator (the page or frame making it) is one of these (or below). */
  initiatorDomains?: string[];
}

export interface DnrAction {
  type: 'upgradeScheme' | 'allow' | 'block' | 'redirect' | 'modifyHeaders';
  redirect?: { extensionPath: string };
  requestHeaders?: { header: string; operation: 'remove' }[];
  /** An appended response header (a second Content-Security-Policy only ever adds restrictions). */
  responseHeaders?: { header: string; operation: 'append'; value: string }[];
}

export interface DnrRule {
  id: number;
  priority: number;
  action: DnrAction;
  condition: DnrCondition;
}

/** What one browser's declarativeNetRequest can do, fixed at build time. */
export interface DnrCapabilities {
  /**
   * Firefox upgrades ws:// with upgradeScheme; Chrome silently ignores it for websockets
   * (upgradeScheme is for http and ftp:
   * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType).
   */
  upgradesWebSockets: boolean;
  /** Every resource type the browser knows, websocket excluded. */
  httpResourceTypes: ResourceType[];
  /**
   * Chrome's webRequest cannot block in MV3 (webRequestBlocking is policy-only:
   * https://developer.chrome.com/docs/extensions/reference/api/webRequest), so its leak
   * guard is declarative; Firefox's blocking webRequest sees everything (bodies too) and
   * does the whole job itself.
   */
  declarativeLeakGuard: boolean;
}

const COMMON_TYPES: ResourceType[] = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'other',
];

export const CHROME_CAPABILITIES: DnrCapabilities = {
  upgradesWebSockets: false,
  httpResourceTypes: [...COMMON_TYPES, 'webtransport', 'webbundle'],
  declarativeLeakGuard: true,
};

export const FIREFOX_CAPABILITIES: DnrCapabilities = {
  upgradesWebSockets: true,
  declarativeLeakGuard: false,
  httpResourceTypes: [
    ...COMMON_TYPES,
    'beacon',
    'object_subrequest',
    'xslt',
    'xml_dtd',
    'imageset',
    'web_manifest',
    'speculative',
    'json',
  ],
};

/** Every resource type the browser knows, websocket included (a new array each call). */
export function allResourceTypes(caps: DnrCapabilities): ResourceType[] {
  return [...caps.httpResourceTypes, 'websocket'];
}
