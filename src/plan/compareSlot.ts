/**
 * The planner page's link to the compare view (src/plan/compare, another part of issue 7): split and swipe of
 * baseline vs scenario with linked cameras and difference layers, and its image for the report.
 */
import { exportCompareImage } from './compare/CompareView.tsx';

export { CompareView } from './compare/CompareView.tsx';

/** The compare view's image for the report, or null when it has none (not mounted, or it failed). */
export async function compareImage(): Promise<Blob | null> {
  try {
    return await exportCompareImage();
  } catch (e) {
    console.warn('plan report: the compare view gave no image:', e);
    return null;
  }
}
