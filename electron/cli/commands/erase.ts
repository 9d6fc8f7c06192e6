import { openDatabase } from '../../db/open';
import { eraseLead } from '../../erasure/erase-lead';
import type { ErasureTarget } from '../../erasure/erasure-subject';
import { runDueRetrains } from '../../scoring/model/retrain-jobs';
import { savedPhoneRegion } from '../../settings/phone-region';
import { flagBool, flagString } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

export const eraseCommand: CliCommand = {
  name: 'erase',
  usage: 'erase (--lead ID | --phone NUMBER) --yes [--json] [--db PATH]',
  summary: "erase a person everywhere: rows, transcripts, search index, queue index, recordings, training rows",
  async run({ args, io, dbPath }) {
    const lead = flagString(args, 'lead');
    const phone = flagString(args, 'phone');
    if (!lead === !phone) throw new UsageError('erase needs exactly one of --lead ID or --phone NUMBER');
    if (!flagBool(args, 'yes')) throw new UsageError('erasing cannot be undone: add --yes to go ahead');
    const target: ErasureTarget = lead ? { leadId: lead } : { phone: phone ?? '' };
    const db = openDatabase(dbPath);
    try {
      const r = eraseLead(db, target, { region: savedPhoneRegion(dbPath) });
      // The retrain an erasure asks for runs now: the CLI has no background runner to leave it to.
      const retrain = r.retrainJobId !== null ? runDueRetrains(db, `erase ${process.pid}`, { ignoreDebounce: true }).jobs : [];
      if (flagBool(args, 'json')) {
        io.stdout.write(JSON.stringify({ ...r, maintenance: retrain }, null, 2) + '\n');
        return EXIT_OK;
      }
      const rows = Object.entries(r.counts).map(([k, n]) => `${k} ${n}`).join(', ');
      io.stdout.write(`erased (audit #${r.erasureId}, ${r.subjectHash.slice(0, 12)}…): ${rows}\n`);
      for (const f of r.leftInPlace) io.stdout.write(`  left in place: ${f.path}: ${f.reason}\n`);
      for (const s of r.reviewSets) io.stdout.write(`  review set ${s.path} (exported ${s.exportedAt}) holds ${s.calls} of their calls: delete it or re-export\n`);
      for (const j of retrain) io.stdout.write(`  ${j.kind}: ${j.state}${j.result ? ` (${j.result})` : ''}\n`);
      if (!r.walTruncated) io.stdout.write('  note: another process is reading the database; its WAL is emptied at its next checkpoint\n');
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
