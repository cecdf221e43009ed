/**
 * Before the suite: the same preparation `npm start` does (default scene, fresh build), plus a fresh import of the
 * real Shanghai extract when ../shared/data/gis exists (the Shanghai test skips with a message when it does not).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild, ensureScene, repoRoot, runTs } from '../../mock-server/prepare.ts';

export const SHANGHAI_DIR = path.resolve(repoRoot, '../shared/data/gis');
export const SHANGHAI_FILES = [
  'shanghai_lujiazui_buildings.geojson',
  'shanghai_lujiazui_roads.geojson',
  'shanghai_lujiazui_context.geojson',
].map((f) => path.join(SHANGHAI_DIR, f));

export default async function globalSetup(): Promise<void> {
  const log = (line: string): void => console.log(`[e2e setup] ${line}`);
  await ensureScene('default', log);
  if (SHANGHAI_FILES.every((f) => existsSync(f))) {
    log('importing the Shanghai Lujiazui extract');
    await runTs('src/cli/importScene.ts', [
      ...SHANGHAI_FILES,
      '--name',
      'lujiazui',
      '--title-zh',
      '上海陆家嘴',
      '--title-en',
      'Shanghai Lujiazui',
    ]);
  } else {
    log(`Shanghai extract not found at ${SHANGHAI_DIR}: its test will skip`);
  }
  await ensureBuild(log);
}
