/** The wall module of the feed server (issue 7; mock-server/serverModules.ts). */
import type { ServerModule, ServerModuleContext } from '../serverModules.ts';

/** Attaches the wall module to the server. */
export function attachWall(_ctx: ServerModuleContext): Promise<ServerModule> {
  return Promise.resolve({ name: 'wall' });
}
