/** UI text: wall (issue 7; merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  wlTitle: '城市运行大屏',
  wlSceneOverview: '城市总览',
  wlSceneTraffic: '交通',
  wlSceneEnergy: '能源',
  wlSceneResilience: '韧性',
  wlSceneWorkload: '一网统管',
  wlKpis: '城市生命体征',
  wlAlarms: '告警',
  wlNoAlarms: '当前无告警',
  wlTakeover: '重大告警',
  wlWaiting: '等待数据',
  wlLiveTime: '实时',
  wlFixedTime: '回看时刻',
  wlPaused: (by: string) => `轮播已暂停 · ${by} 操控中`,
  wlNext: (s: number) => `${s} 秒后切换`,
  wlOffline: '与大屏服务断开，正在重连…',
  wlScreenOf: (n: number, total: number) => `第 ${n} / ${total} 屏`,
  wlSeverityCritical: '紧急',
  wlSeverityMajor: '重要',
  wlSeverityMinor: '一般',
  wlErrorTitle: '无法显示此大屏',
  wlErrorHelp:
    '请检查地址中的 wall= 与 screen= 参数，以及 scenes/walls/ 中的布局文件（格式见 docs/wall.md）。',
  wlUnknownWall: (id: string) => `scenes/walls/${id}.json：没有这个大屏布局（服务器上不存在此文件）`,
  wlLoadingLayout: (id: string) => `正在读取大屏布局 scenes/walls/${id}.json…`,
  wlBadWallId: (id: string) => `wall=${id}：布局名只能包含小写字母、数字、- 和 _`,
  wlBadScreen: (file: string, screen: string, n: number) =>
    `${file}：screens：没有第 ${screen} 屏（此大屏共有第 1–${n} 屏）`,
  wlMissingScreen: (file: string, n: number) => `${file}：地址缺少 screen= 参数（此大屏共有第 1–${n} 屏）`,
  wlDprWarning: (dpr: number) => `设备像素比为 ${dpr}，1 个 CSS 像素 ≠ 1 个物理像素：请把显示缩放设为 100%`,
  wlSizeWarning: (w: number, h: number, sw: number, sh: number) =>
    `窗口为 ${w}×${h}，此屏应为 ${sw}×${sh} 像素：请全屏（F11）或调整显示分辨率`,
} as const satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  wlTitle: 'City operations wall',
  wlSceneOverview: 'City overview',
  wlSceneTraffic: 'Traffic',
  wlSceneEnergy: 'Energy',
  wlSceneResilience: 'Resilience',
  wlSceneWorkload: 'Unified management',
  wlKpis: 'City vital signs',
  wlAlarms: 'Alarms',
  wlNoAlarms: 'No alarms',
  wlTakeover: 'Critical alarm',
  wlWaiting: 'waiting for data',
  wlLiveTime: 'Live',
  wlFixedTime: 'Replay time',
  wlPaused: (by) => `Rotation paused · ${by} in control`,
  wlNext: (s) => `next in ${s} s`,
  wlOffline: 'Wall server disconnected, reconnecting…',
  wlScreenOf: (n, total) => `screen ${n} of ${total}`,
  wlSeverityCritical: 'Critical',
  wlSeverityMajor: 'Major',
  wlSeverityMinor: 'Minor',
  wlErrorTitle: 'This wall screen cannot be shown',
  wlErrorHelp:
    'Check the wall= and screen= parameters of the address and the layout file in scenes/walls/ (format: docs/wall.md).',
  wlUnknownWall: (id) => `scenes/walls/${id}.json: no such wall layout (the server has no such file)`,
  wlLoadingLayout: (id) => `Reading the wall layout scenes/walls/${id}.json…`,
  wlBadWallId: (id) => `wall=${id}: a wall id has only lowercase letters, digits, '-' and '_'`,
  wlBadScreen: (file, screen, n) =>
    `${file}: screens: there is no screen ${screen} (this wall has screens 1–${n})`,
  wlMissingScreen: (file, n) =>
    `${file}: the address has no screen= parameter (this wall has screens 1–${n})`,
  wlDprWarning: (dpr) => `Device pixel ratio ${dpr}: 1 CSS px ≠ 1 device px; set the display scaling to 100%`,
  wlSizeWarning: (w, h, sw, sh) =>
    `Window is ${w}×${h}; this screen needs ${sw}×${sh} px: go full screen (F11) or set the display resolution`,
};
