/** class-transformer's metadata registry (no typings ship for this path); read by compiled-validation.ts. */
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: unknown;
}
