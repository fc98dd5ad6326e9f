import { SUBMIT_REQUEST_EVENT } from '../page-report';
import { currentPolicy } from './channel';
import { replaceMethod } from './disguise';
import { apply, call, getOwnPropertyDescriptor } from './natives';
import { targetOf } from './targets';

/**
 * A script's form.submit() fires no submit event
 * (https://developer.mozilla.org/docs/Web/API/HTMLFormElement/submit), so the isolated
 * script's check of password and secret fields would never see it. Here every
 * form.submit() to a cleartext address becomes an event on the form that the isolated
 * script answers synchronously: it holds, blocks or sends the form itself, and says so by
 * cancelling the event. If nothing answers (no isolated script in this document), the
 * form is sent as the page asked.
 */
export function guardFormSubmit(scope: typeof globalThis, doc: Document): void {
  const proto = scope.HTMLFormElement?.prototype;
  if (!proto) return;
  const nativeSubmit = proto.submit;
  const nativeDispatch = scope.EventTarget.prototype.dispatchEvent;
  const actionOf = getOwnPropertyDescriptor(proto, 'action')?.get as (this: HTMLFormElement) => string;
  const NativeCustomEvent = scope.CustomEvent;

  const submit = function submit(this: HTMLFormElement) {
    const target = currentPolicy().passive ? null : targetOf(call(actionOf, this) as string, doc);
    if (target && (target.url.protocol === 'http:' || target.url.protocol === 'ws:')) {
      const request = new NativeCustomEvent(SUBMIT_REQUEST_EVENT, { cancelable: true });
      const handled = !(call(nativeDispatch, this, request) as boolean);
      if (handled) return undefined;
    }
    return apply(nativeSubmit, this, []);
  };
  replaceMethod(proto, 'submit', submit);
}
