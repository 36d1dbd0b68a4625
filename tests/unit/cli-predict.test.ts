// The predict command as a user runs it, on the full CDNOW cohort (trained for one epoch: speed is
// the benchmark's business, this checks the contract).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sample } from './helpers';

const clv = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/clv.ts', ...args], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname });

describe('clv predict', () => {
  it('writes one row per customer of CDNOW_master, 23,570, id first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clv-'));
    const out = join(dir, 'predictions.csv');
    const run = clv(['predict', '--input', sample('CDNOW_master.txt'), '--cutoff', '1997-09-30', '--horizon', 'quarter', '--epochs', '1', '--out', out, '--model-dir', dir]);
    expect(run.stderr).toMatch(/23570 customers/);
    expect(run.status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(23_571);
    expect(lines[0].split(',')[0]).toBe('customer_id');
    expect(lines[1].split(',')[0]).toBe('00001');
    const predictAgain = clv(['predict', '--input', sample('CDNOW_master.txt'), '--cutoff', '1997-09-30', '--horizon', 'quarter', '--job', 'predict', '--model-dir', dir, '--out', out + '2']);
    expect(predictAgain.status).toBe(0);
    expect(readFileSync(out + '2', 'utf8')).toBe(readFileSync(out, 'utf8'));
  }, 300_000);

  it('fails with a one-line reason on bad input', () => {
    const run = clv(['predict', '--input', sample('CDNOW_master.txt'), '--horizon', 'fortnight']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Error: Horizon "fortnight" is neither a preset (week, 2*week, month, 2*month, quarter, 6*month) nor a whole number of days from 1 to 1095.');
    const columns = clv(['predict', '--input', sample('CDNOW_master.txt'), '--horizon', 'month', '--customer', 'client']);
    expect(columns.status).toBe(1);
    // Progress comes first; the reason is one line, the last.
    expect(columns.stderr.trim().split('\n').at(-1)).toMatch(/^Error: --customer "client": no such column; the columns are "customer_id", "date", "number_of_cds", "dollar_value"\.$/);
  }, 60_000);
});
