/**
 * Summarizes a V8 `.cpuprofile` (as written by `run.ts --profile`): busy time by package and the
 * functions with the most self and inclusive time, as shares of busy (non-idle) time.
 *
 *   node --import tsx bench/relay/profile-summary.ts bench/results/relay-…-app.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const name = (n: ProfileNode) => {
  const url = n.callFrame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/packages\//, '@scrubin/')
    .replace(/^file:\/\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
};
const area = (n: ProfileNode) => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const ours = /\/packages\/([^/]+)\//.exec(url)?.[1];
  if (ours) return `@scrubin/${ours}`;
  return url.startsWith('node:') ? 'node core' : url;
};

let total = 0;
let idle = 0;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const areas = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  total += us;
  if (node.callFrame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  self.set(name(node), (self.get(name(node)) ?? 0) + us);
  // Attribute native leaves (writev, GC…) to the nearest JavaScript frame's package.
  let owner: ProfileNode | undefined = node;
  while (owner && !owner.callFrame.url && parentOf.has(owner.id))
    owner = byId.get(parentOf.get(owner.id)!);
  const a = owner?.callFrame.url ? area(owner) : area(node);
  areas.set(a, (areas.get(a) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
    const key = name(byId.get(cur)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
const busy = total - idle;
const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
const print = (title: string, table: Map<string, number>, count: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    process.stdout.write(`${pct(us)}  ${key}\n`);
  }
};
process.stdout.write(
  `${file}\nsampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)}%)\n`,
);
print('busy time by package (native frames charged to their JavaScript caller)', areas, 15);
print('self time', self, top);
print('inclusive time', inclusive, top * 2);
