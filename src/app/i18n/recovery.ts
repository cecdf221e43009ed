/** UI text: recovery (issue 7; merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  rcGlLost: '图形上下文丢失，正在恢复…',
  rcGlRecovering: '正在重新加载图形…',
  rcGlRestored: '图形已恢复',
  rcFeedLost: (attempt: number) => `实时数据中断，正在重连（第 ${attempt} 次）…`,
  rcFeedConnecting: '正在连接实时数据…',
  rcFeedResyncing: '正在从快照重新同步…',
  rcFeedRestored: '实时数据已恢复',
  rcStatusLabel: '运行状态',
} as const satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  rcGlLost: 'Graphics context lost — restoring…',
  rcGlRecovering: 'Reloading graphics…',
  rcGlRestored: 'Graphics restored',
  rcFeedLost: (attempt: number) => `Live feed lost — reconnecting (attempt ${attempt})…`,
  rcFeedConnecting: 'Connecting to the live feed…',
  rcFeedResyncing: 'Resyncing from a snapshot…',
  rcFeedRestored: 'Live feed restored',
  rcStatusLabel: 'Operating status',
};
