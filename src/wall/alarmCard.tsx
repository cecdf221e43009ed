/**
 * The alarm card a wall screen shows while a critical alarm has taken over (docs/protocol.md §10): what, where, when
 * (sim time in the city's local time), which domain, and where to acknowledge it (the /ops console). Sized in em of
 * the screen's font, so the wall page's viewing-distance font size carries over.
 */
import type { WallAlarm } from '../core/wall/types.ts';
import type { Lang } from '../state/uiSlice.ts';
import { dict } from '../app/i18n.ts';
import '../../assets/wallSync.css';

/** "HH:MM" of a sim time in a city's local time (`offsetMin` east of UTC). */
export function localHm(simMs: number, offsetMin: number): string {
  const d = new Date(simMs + offsetMin * 60_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMin >= 0 ? '+' : '−';
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} (UTC${sign}${Math.abs(offsetMin) / 60})`;
}

/** The takeover card of `alarm` (null renders nothing). */
export function AlarmCard({
  alarm,
  lang,
  offsetMin = 480,
  pending = 0,
}: {
  alarm: WallAlarm | null;
  lang: Lang;
  /** The city's UTC offset, minutes (scene meta utcOffsetMin; China Standard Time by default). */
  offsetMin?: number;
  /** Alarms waiting behind this one. */
  pending?: number;
}) {
  if (alarm === null) return null;
  const t = dict(lang);
  const drill = alarm.id.startsWith('drill:');
  return (
    <div
      className={`ws-alarm-card${drill ? ' drill' : ''}`}
      role="alert"
      data-testid="ws-alarm-card"
      data-alarm-id={alarm.id}
    >
      <div className="ws-alarm-kicker">
        <span className="ws-alarm-dot" />
        {t.wsAlarm}
        {pending > 0 ? ` · +${pending}` : ''}
      </div>
      <div className="ws-alarm-title">{alarm.title[lang]}</div>
      <div className="ws-alarm-detail">{alarm.detail[lang]}</div>
      <div className="ws-alarm-meta">
        <span>{t.wsRaisedAt(localHm(alarm.raisedSimMs, offsetMin))}</span>
        <span>{t.wsAlarmPlace(Math.round(alarm.x), Math.round(alarm.y))}</span>
      </div>
      <div className="ws-alarm-hint">{t.wsAckHint}</div>
    </div>
  );
}
