import { apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } from './natives';

/**
 * Wrappers that look like the functions they replace: the same name and length, and the
 * native source text from Function.prototype.toString (itself wrapped the same way), so
 * a page cannot tell the guard is there by looking at fetch or send.
 */
const originals = new WeakMap<object, object>();

export function disguise<T extends object>(wrapper: T, original: object): T {
  originals.set(wrapper, original);
  for (const key of ['name', 'length'] as const) {
    const descriptor = getOwnPropertyDescriptor(original, key);
    if (descriptor) defineProperty(wrapper, key, descriptor);
  }
  return wrapper;
}

/** Makes `toString` of a window's functions answer for a wrapper as for its original. */
export function disguiseToString(scope: typeof globalThis): void {
  const proto = scope.Function.prototype;
  const nativeToString = proto.toString;
  const toString = function toString(this: unknown) {
    const target = (typeof this === 'function' && originals.get(this)) || this;
    return apply(nativeToString, target, []) as string;
  };
  disguise(toString, nativeToString);
  defineProperty(proto, 'toString', { ...getOwnPropertyDescriptor(proto, 'toString'), value: toString });
}

/**
 * Replaces the method `key` where it is defined (on `owner` or up its prototype chain),
 * keeping the property's attributes.
 */
export function replaceMethod(owner: object, key: PropertyKey, wrapper: (...args: never[]) => unknown): void {
  for (let holder: object | null = owner; holder; holder = getPrototypeOf(holder)) {
    const descriptor = getOwnPropertyDescriptor(holder, key);
    if (!descriptor) continue;
    if (typeof descriptor.value !== 'function') return;
    defineProperty(holder, key, { ...descriptor, value: disguise(wrapper, descriptor.value as object) });
    return;
  }
}
