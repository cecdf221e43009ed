/** The history module of the feed server (issue 7; mock-server/serverModules.ts). */
import type { ServerModule, ServerModuleContext } from '../serverModules.ts';

/** Attaches the history module to the server. */
export function attachHistory(_ctx: ServerModuleContext): Promise<ServerModule> {
  return Promise.resolve({ name: 'history' });
}
