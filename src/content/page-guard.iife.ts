/**
 * The page-world guard: runs in the page's own (MAIN) world, in every frame, at
 * document_start, before any page script (declared in the manifest by vite.config.ts, so
 * it is there from the moment the extension is installed). It closes what declarative
 * rules cannot see, where the requests are made:
 * - Chrome: `new WebSocket("ws://...")` becomes wss:// (upgradeScheme is for http and ftp
 *   only: https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType);
 *   fetch, XMLHttpRequest and navigator.sendBeacon refuse a body with a secret field to
 *   the page's own cleartext host (and send it over https to any other), and leave out
 *   credential headers the rules cannot strip (Firefox's blocking webRequest does all of
 *   this itself).
 * - Both: a WebSocket message with a credential on a cleartext socket is dropped (no
 *   browser shows extensions WebSocket messages; Chrome:
 *   https://developer.chrome.com/docs/extensions/reference/api/webRequest); a script's
 *   form.submit() is checked like a submit by the user.
 * It takes the browser's functions before the page can touch them and calls them through
 * Reflect.apply; its wrappers look native; same-origin frames and popups the page makes
 * get it as soon as the page can reach them. In watch mode and paused tabs (which the
 * isolated script learns from the background a moment after the page starts) it changes
 * nothing. Built as a classic script (vite.config.ts); no extension API exists here.
 */
import { installPageGuard } from './page-world/install';

installPageGuard(globalThis);
