/** Live feed health: connection phase (coloured), lag, rates, rejected messages, resyncs, last sequence; notices. */
import { appStore, useAppStore } from '../state/store.ts';
import type { ConnectionState } from '../state/feedSlice.ts';
import { dict, type Dict } from '../app/i18n.ts';

function phaseText(c: ConnectionState, t: Dict): { label: string; detail: string | null } {
  switch (c.phase) {
    case 'connecting':
      return { label: t.phaseConnecting, detail: c.attempt > 0 ? t.connectingAttempt(c.attempt) : null };
    case 'live':
      return { label: t.phaseLive, detail: null };
    case 'disconnected':
      return { label: t.phaseDisconnected, detail: `${t.reconnecting(c.attempt)} — ${c.reason}` };
    case 'resyncing':
      return { label: t.phaseResyncing, detail: c.reason };
    default: {
      const never: never = c;
      return { label: String(never), detail: null };
    }
  }
}

/** The feed status panel. */
export function FeedStatusPanel() {
  const connection = useAppStore((s) => s.connection);
  const stats = useAppStore((s) => s.stats);
  const notice = useAppStore((s) => s.feedNotice);
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const { label, detail } = phaseText(connection, t);
  const seqs = Object.entries(stats.lastSeq);
  return (
    <section className={`panel feed-status phase-${connection.phase}`} data-testid="feed-status">
      <header className="panel-head">
        <h2>{t.feedStatus}</h2>
        <span
          className={`phase-pill phase-${connection.phase}`}
          data-testid="connection-phase"
          data-phase={connection.phase}
        >
          <span className="dot" />
          {label}
        </span>
      </header>
      {detail && <div className={`feed-detail phase-${connection.phase}`}>{detail}</div>}
      {notice && (
        <div className={`notice notice-${notice.level}`} role="status" data-testid="feed-notice">
          <span>{notice[lang]}</span>
          <button type="button" className="link-btn" onClick={() => appStore.getState().setFeedNotice(null)}>
            {t.dismiss}
          </button>
        </div>
      )}
      <dl className="stats">
        <div>
          <dt>{t.statLag}</dt>
          <dd>{Math.round(stats.lagMs)} ms</dd>
        </div>
        <div>
          <dt>{t.statMsgRate}</dt>
          <dd>
            {stats.messagesPerS.toFixed(1)}
            {t.perSecond}
          </dd>
        </div>
        <div>
          <dt>{t.statReadingRate}</dt>
          <dd>
            {Math.round(stats.readingsPerS).toLocaleString('en-US')}
            {t.perSecond}
          </dd>
        </div>
        <div>
          <dt>{t.statRejected}</dt>
          <dd className={stats.rejected > 0 ? 'warn' : ''}>{stats.rejected}</dd>
        </div>
        <div>
          <dt>{t.statResyncs}</dt>
          <dd>{stats.resyncs}</dd>
        </div>
        <div>
          <dt>{t.statLastSeq}</dt>
          <dd className="seqs">{seqs.length ? seqs.map(([k, v]) => `${k} ${v}`).join(' · ') : '—'}</dd>
        </div>
      </dl>
    </section>
  );
}
