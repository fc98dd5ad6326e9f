import { apply, call, captureStackTrace, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } from './natives';

/**
 * What the page sees of the guard's wrappers is the browser's own functions: each wrapper
 * is a Proxy of the function it replaces (the same name, length, properties, prototype or
 * none, constructible or not), Function.prototype.toString answers for it with the
 * native source text (itself wrapped the same way), and an error on its way out to the
 * page loses the guard's own stack frames (Error.captureStackTrace, taken at install),
 * so no extension address shows in a stack either.
 */
const originals = new WeakMap<object, object>();
const NativePromise = Promise;
const promiseThen = Promise.prototype.then;

/** `proxy` stands in for `native`: toString answers for it as for the native. */
export function disguise<T extends object>(proxy: T, native: object): T {
  originals.set(proxy, native);
  return proxy;
}

/** Leaves out the frames of `above` and everything it called from the error's stack. */
export function scrub(error: unknown, above: (...args: never[]) => unknown): unknown {
  if (captureStackTrace && typeof error === 'object' && error !== null) {
    try {
      call(captureStackTrace, Error, error, above);
    } catch {
      // a frozen error keeps its stack
    }
  }
  return error;
}

/**
 * A Proxy of `native` that runs `wrapper` (with the caller's `this`) instead. `async`:
 * the result is a promise, whose rejection is scrubbed too.
 */
export function standIn<F extends object>(
  native: F,
  wrapper: (this: never, ...args: never[]) => unknown,
  options: { async?: boolean } = {},
): F {
  const traps: ProxyHandler<F> = {
    apply(_target, self: unknown, args: unknown[]) {
      try {
        const result = apply(wrapper as (...a: unknown[]) => unknown, self, args);
        if (!options.async) return result;
        return new NativePromise((resolve, reject) => {
          call(promiseThen, result, resolve, (error: unknown) => reject(scrub(error, traps.apply as never)));
        });
      } catch (error) {
        throw scrub(error, traps.apply as never);
      }
    },
  };
  return disguise(new Proxy(native, traps), native);
}

/** Makes `toString` of a window's functions answer for a stand-in as for its native. */
export function disguiseToString(scope: typeof globalThis): void {
  const proto = scope.Function.prototype;
  const nativeToString = proto.toString;
  const toString = function (this: unknown) {
    const target = (typeof this === 'function' && originals.get(this)) || this;
    return apply(nativeToString, target, []) as string;
  };
  defineProperty(proto, 'toString', {
    ...getOwnPropertyDescriptor(proto, 'toString'),
    value: standIn(nativeToString, toString),
  });
}

/**
 * Replaces the method `key` where it is defined (on `owner` or up its prototype chain)
 * with a stand-in running `wrapper`, keeping the property's attributes.
 */
export function replaceMethod(
  owner: object,
  key: PropertyKey,
  wrapper: (this: never, ...args: never[]) => unknown,
  options: { async?: boolean } = {},
): void {
  for (let holder: object | null = owner; holder; holder = getPrototypeOf(holder)) {
    const descriptor = getOwnPropertyDescriptor(holder, key);
    if (!descriptor) continue;
    if (typeof descriptor.value !== 'function') return;
    defineProperty(holder, key, { ...descriptor, value: standIn(descriptor.value as object, wrapper, options) });
    return;
  }
}
