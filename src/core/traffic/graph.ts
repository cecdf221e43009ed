/**
 * Forward star (compressed sparse row) adjacency of an assignment network: the links leaving node n are
 * outLink[outStart[n]..outStart[n+1]-1], with their head nodes copied into outTo for cache locality in Dijkstra.
 * Built once per network in O(nodes + links) by a counting sort; links keep their input order within a node.
 */
import type { AssignmentNetwork } from './types.ts';

/** CSR adjacency of a directed network (forward star, Ahuja, Magnanti & Orlin 1993, "Network Flows", §2.2). */
export interface ForwardStar {
  readonly nodeCount: number;
  readonly linkCount: number;
  /** Length nodeCount + 1. */
  readonly outStart: Uint32Array;
  /** Link ids grouped by tail node. */
  readonly outLink: Uint32Array;
  /** Head node of outLink[i]. */
  readonly outTo: Uint32Array;
}

/** Builds the forward star of `net` (throws a RangeError naming the link when an endpoint is out of range). */
export function buildForwardStar(
  net: Pick<AssignmentNetwork, 'nodeCount' | 'linkCount' | 'from' | 'to'>,
): ForwardStar {
  const { nodeCount, linkCount, from, to } = net;
  if (from.length < linkCount || to.length < linkCount) {
    throw new RangeError(
      `network has linkCount ${linkCount} but from/to arrays of length ${from.length}/${to.length}`,
    );
  }
  const outStart = new Uint32Array(nodeCount + 1);
  for (let l = 0; l < linkCount; l++) {
    const f = from[l] as number;
    const t = to[l] as number;
    if (f >= nodeCount || t >= nodeCount) {
      throw new RangeError(`link ${l}: node ${f >= nodeCount ? f : t} is outside 0..${nodeCount - 1}`);
    }
    (outStart[f + 1] as number)++;
  }
  for (let n = 0; n < nodeCount; n++) outStart[n + 1] = (outStart[n + 1] as number) + (outStart[n] as number);
  const fill = outStart.slice(0, nodeCount);
  const outLink = new Uint32Array(linkCount);
  const outTo = new Uint32Array(linkCount);
  for (let l = 0; l < linkCount; l++) {
    const f = from[l] as number;
    const i = fill[f] as number;
    fill[f] = i + 1;
    outLink[i] = l;
    outTo[i] = to[l] as number;
  }
  return { nodeCount, linkCount, outStart, outLink, outTo };
}
