import { replaceMethod, standIn } from './disguise';
import { apply, defineProperty, getOwnPropertyDescriptor } from './natives';

/**
 * Same-origin child windows (an about:blank or srcdoc frame, a window.open('') popup)
 * exist before the browser injects anything into them, and their fetch is a fresh native
 * one: a page could send through them. The guard installs itself into each as soon as
 * the page can reach it: when a frame is put into the document, when the page asks for a
 * frame's contentWindow or contentDocument, when it opens a window. (The browser may
 * still inject the guard into the frame later: a second layer, the outer one deciding.)
 * (To run content scripts first there: https://github.com/w3c/webextensions/issues/1009.)
 */
export function guardChildWindows(scope: typeof globalThis, installInto: (child: Window) => void): void {
  const frameWindows: ((this: Element) => Window | null)[] = [];

  const guardFrame = (element: Element) => {
    for (const get of frameWindows) {
      try {
        const child = apply(get, element, []) as Window | null;
        if (child) installInto(child);
        return;
      } catch {
        // not this kind of frame element
      }
    }
  };
  const guardFramesIn = (root: unknown) => {
    if (!(root instanceof scope.Element || root instanceof scope.Document)) return;
    if (root instanceof scope.HTMLIFrameElement || root instanceof scope.HTMLFrameElement) guardFrame(root);
    for (const frame of root.getElementsByTagName('iframe')) guardFrame(frame);
    for (const frame of root.getElementsByTagName('frame')) guardFrame(frame);
  };

  for (const Frame of [scope.HTMLIFrameElement, scope.HTMLFrameElement, scope.HTMLObjectElement]) {
    if (!Frame) continue;
    const windowGetter = getOwnPropertyDescriptor(Frame.prototype, 'contentWindow')?.get;
    if (windowGetter) frameWindows.push(windowGetter as (this: Element) => Window | null);
    for (const key of ['contentWindow', 'contentDocument']) {
      const descriptor = getOwnPropertyDescriptor(Frame.prototype, key);
      const nativeGet = descriptor?.get;
      if (!descriptor || !nativeGet || !windowGetter) continue;
      const get = function (this: Element) {
        guardFrame(this);
        return apply(nativeGet, this, []) as unknown;
      };
      defineProperty(Frame.prototype, key, { ...descriptor, get: standIn(nativeGet, get) });
    }
  }

  // Every way of putting a frame into a document, then whatever frames it holds: the
  // node the method was called on holds the new nodes, or its parent does (siblings).
  const afterInsertion = (owner: object, method: string, into: 'self' | 'parent') => {
    const native = getOwnPropertyDescriptor(owner, method)?.value as ((...a: unknown[]) => unknown) | undefined;
    if (typeof native !== 'function') return;
    replaceMethod(owner, method, function (this: Node, ...args: unknown[]) {
      const parent = this.parentNode;
      const result = apply(native, this, args);
      guardFramesIn(into === 'parent' ? parent : this);
      return result;
    });
  };
  for (const method of ['appendChild', 'insertBefore', 'replaceChild'])
    afterInsertion(scope.Node.prototype, method, 'self');
  for (const method of ['append', 'prepend']) afterInsertion(scope.Element.prototype, method, 'self');
  for (const method of ['before', 'after', 'replaceWith', 'insertAdjacentElement', 'insertAdjacentHTML'])
    afterInsertion(scope.Element.prototype, method, 'parent');
  for (const method of ['append', 'prepend', 'write', 'writeln'])
    afterInsertion(scope.Document.prototype, method, 'self');
  for (const key of ['innerHTML', 'outerHTML']) {
    const descriptor = getOwnPropertyDescriptor(scope.Element.prototype, key);
    const nativeSet = descriptor?.set;
    if (!descriptor || !nativeSet) continue;
    const set = function (this: Element, value: unknown) {
      const parent = this.parentNode;
      apply(nativeSet, this, [value]);
      guardFramesIn(key === 'outerHTML' ? parent : this);
    };
    defineProperty(scope.Element.prototype, key, { ...descriptor, set: standIn(nativeSet, set) });
  }

  const nativeOpen = scope.open;
  replaceMethod(scope, 'open', function (this: unknown, ...args: unknown[]) {
    const opened = apply(nativeOpen, this, args) as Window | null;
    if (opened) {
      try {
        installInto(opened);
      } catch {
        // another origin: the browser injects the guard there itself
      }
    }
    return opened;
  });
}
