/** Shared UI text of 一网统管 work orders: kinds, stages, categories, departments (merged into src/app/i18n.ts). */
import { categoryById, departmentById } from '../../core/workload/taxonomy.ts';
import type { Stage } from '../../core/workload/types.ts';
import type { DictOf, Entry } from './entry.ts';

const STAGE_ZH: Record<Stage, string> = {
  reported: '已上报',
  accepted: '已受理',
  rejected: '已退回',
  dispatched: '已派遣',
  inProgress: '处置中',
  handled: '已处置',
  verified: '已核查',
  closed: '已结案',
};
const STAGE_EN: Record<Stage, string> = {
  reported: 'Reported',
  accepted: 'Accepted',
  rejected: 'Rejected',
  dispatched: 'Dispatched',
  inProgress: 'In progress',
  handled: 'Handled',
  verified: 'Verified',
  closed: 'Closed',
};

export const zh = {
  kindWorkOrder: '工单',
  woStageLabel: '环节',
  woDepartmentLabel: '承办部门',
  woStage: (s: Stage) => STAGE_ZH[s],
  woCategory: (id: string) => categoryById(id)?.zh ?? id,
  woDepartment: (id: string) => departmentById(id)?.zh ?? id,
} satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  kindWorkOrder: 'Work order',
  woStageLabel: 'Stage',
  woDepartmentLabel: 'Department',
  woStage: (s) => STAGE_EN[s],
  woCategory: (id) => categoryById(id)?.en ?? id,
  woDepartment: (id) => departmentById(id)?.en ?? id,
};
