/** Which browser this bundle is built for; set by vite.config.ts (and vitest.config.ts). */
declare const __BROWSER__: 'chrome' | 'firefox';
