/** The feed wire protocol (docs/protocol.md): shared by mock-server and the browser feed worker. */
export * from './channels.ts';
export * from './readingBatch.ts';
export * from './messages.ts';
export * from './rateLimitedLog.ts';
export * from './readingColumns.ts';
export * from './linkState.ts';
export * from './tripBatch.ts';
export * from './trafficMessages.ts';
export * from './energyState.ts';
export * from './energyMessages.ts';
export * from './workloadMessages.ts';
export * from './hazardMessages.ts';
