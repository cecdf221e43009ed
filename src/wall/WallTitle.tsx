/** The wall's title panel: what this wall is, the scene the playlist shows now, and which screen this is. */
import type { Dict } from '../app/i18n.ts';
import type { Lang } from '../state/uiSlice.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { WallLayout } from '../core/wall/layout.ts';
import type { WallSceneId } from '../core/wall/types.ts';
import { sceneLabel } from './wallFormat.ts';

/** The title panel. */
export function WallTitle({
  model,
  layout,
  screen,
  scene,
  t,
  lang,
}: {
  model: CityModel;
  layout: WallLayout;
  screen: number;
  scene: WallSceneId | null;
  t: Dict;
  lang: Lang;
}) {
  return (
    <section className="wl-card wl-title">
      <h1 className="wl-title-main">
        <span className="mode-title" data-testid="mode-title">
          {t.wlTitle}
        </span>
        {scene && <span className="wl-title-scene"> · {sceneLabel(scene, t)}</span>}
      </h1>
      <div className="wl-title-sub">
        {model.meta.title[lang]}
        {layout.screens.length > 1 && ` · ${t.wlScreenOf(screen, layout.screens.length)}`}
      </div>
    </section>
  );
}
