/** Where the server listens and the client dials when nothing else is configured (`PLAN_SERVICE_ADDR`). */
export const DEFAULT_ADDRESS = '127.0.0.1:50051';
