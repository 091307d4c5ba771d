/** The API's routes as `[method, path]`, made at build time from shared/api/routes.ts (liff-app/build/api-route-table.ts). */
declare module 'virtual:api-route-table' {
  import type { RouteName } from '../../../shared/api/routes.ts';

  const table: Record<RouteName, readonly ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string]>;
  export default table;
}
