/** The plan module of the feed server (issue 7; mock-server/serverModules.ts). */
import type { ServerModule, ServerModuleContext } from '../serverModules.ts';

/** Attaches the plan module to the server. */
export function attachPlan(_ctx: ServerModuleContext): Promise<ServerModule> {
  return Promise.resolve({ name: 'plan' });
}
