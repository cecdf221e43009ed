/**
 * Fictional names (zh + en) for the synthetic city. The word stems are common Chinese place-name words; the
 * combinations are invented and do not describe any real place.
 */
import type { Rng } from '../rng.ts';

/** A bilingual name. */
export interface Name2 {
  readonly zh: string;
  readonly en: string;
}

/** The city's title (scene.json `title`). */
export const CITY_TITLE: Name2 = { zh: '镜海市（合成演示城市）', en: 'Jinghai — synthetic demo city' };
/** The river's name. */
export const RIVER_NAME: Name2 = { zh: '镜河', en: 'Jing River' };
/** The ring road's name. */
export const RING_NAME: Name2 = { zh: '镜海环城快速路', en: 'Jinghai Ring Expressway' };

const STEMS: readonly (readonly [string, string])[] = [
  ['和平', 'Heping'],
  ['解放', 'Jiefang'],
  ['人民', 'Renmin'],
  ['建设', 'Jianshe'],
  ['文化', 'Wenhua'],
  ['光明', 'Guangming'],
  ['新华', 'Xinhua'],
  ['东风', 'Dongfeng'],
  ['胜利', 'Shengli'],
  ['青年', 'Qingnian'],
  ['友谊', 'Youyi'],
  ['迎宾', 'Yingbin'],
  ['湖滨', 'Hubin'],
  ['滨河', 'Binhe'],
  ['镜湖', 'Jinghu'],
  ['海棠', 'Haitang'],
  ['紫薇', 'Ziwei'],
  ['桂花', 'Guihua'],
  ['玉兰', 'Yulan'],
  ['梧桐', 'Wutong'],
  ['银杏', 'Yinxing'],
  ['翠柳', 'Cuiliu'],
  ['春晖', 'Chunhui'],
  ['朝阳', 'Chaoyang'],
  ['永安', "Yong'an"],
  ['万福', 'Wanfu'],
  ['锦绣', 'Jinxiu'],
  ['启明', 'Qiming'],
  ['星海', 'Xinghai'],
  ['云帆', 'Yunfan'],
  ['望江', 'Wangjiang'],
  ['临波', 'Linbo'],
  ['清风', 'Qingfeng'],
  ['明月', 'Mingyue'],
  ['松涛', 'Songtao'],
  ['竹林', 'Zhulin'],
  ['书院', 'Shuyuan'],
  ['学府', 'Xuefu'],
  ['科技', 'Keji'],
  ['创新', 'Chuangxin'],
  ['金融', 'Jinrong'],
  ['商贸', 'Shangmao'],
  ['港城', 'Gangcheng'],
  ['丰收', 'Fengshou'],
  ['稻香', 'Daoxiang'],
  ['荷塘', 'Hetang'],
  ['凤鸣', 'Fengming'],
  ['龙腾', 'Longteng'],
  ['振兴', 'Zhenxing'],
  ['富民', 'Fumin'],
  ['安康', 'Ankang'],
  ['泰和', 'Taihe'],
  ['瑞丰', 'Ruifeng'],
  ['嘉禾', 'Jiahe'],
  ['宝塔', 'Baota'],
  ['花溪', 'Huaxi'],
  ['石桥', 'Shiqiao'],
  ['杏林', 'Xinglin'],
  ['枫林', 'Fenglin'],
  ['梅园', 'Meiyuan'],
  ['兰亭', 'Lanting'],
  ['芙蓉', 'Furong'],
  ['金沙', 'Jinsha'],
  ['银河', 'Yinhe'],
  ['晨光', 'Chenguang'],
  ['晓园', 'Xiaoyuan'],
];

const PREFIXES: readonly (readonly [string, string])[] = [
  ['', ''],
  ['东', 'East '],
  ['西', 'West '],
  ['南', 'South '],
  ['北', 'North '],
  ['新', 'New '],
  ['中', 'Central '],
];

/** District names, in the order districts are numbered. */
export const DISTRICT_NAMES: readonly Name2[] = [
  { zh: '镜湖区', en: 'Jinghu District' },
  { zh: '东港区', en: 'Donggang District' },
  { zh: '云岭区', en: 'Yunling District' },
  { zh: '新桥区', en: 'Xinqiao District' },
  { zh: '南塘区', en: 'Nantang District' },
  { zh: '西溪区', en: 'Xixi District' },
  { zh: '北苑区', en: 'Beiyuan District' },
  { zh: '临江区', en: 'Linjiang District' },
];

/** A source of unique stem names (shuffled by the seed; prefixed with 东/西/… once the stems run out). */
export function createStemPool(rng: Rng): () => Name2 {
  const order = STEMS.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  let k = 0;
  return () => {
    const stem = STEMS[order[k % order.length] as number] as readonly [string, string];
    const pre = PREFIXES[Math.floor(k / order.length) % PREFIXES.length] as readonly [string, string];
    const round = Math.floor(k / (order.length * PREFIXES.length));
    k++;
    const suffix = round > 0 ? String(round + 1) : '';
    return { zh: pre[0] + stem[0] + suffix, en: pre[1] + stem[1] + (suffix ? ' ' + suffix : '') };
  };
}

/** Appends a road/place suffix to a stem: e.g. ("和平", "路", "Road") → 和平路 / Heping Road. */
export function withSuffix(stem: Name2, zh: string, en: string): Name2 {
  return { zh: stem.zh + zh, en: `${stem.en} ${en}` };
}

/** OSM name tags (`name` = the Chinese name, as in OSM China, plus name:zh and name:en). */
export function nameTags(n: Name2): Record<string, string> {
  return { name: n.zh, 'name:zh': n.zh, 'name:en': n.en };
}
