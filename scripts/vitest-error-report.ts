// A vitest reporter for what the JSON report leaves out: errors thrown by a file's or a describe
// block's beforeAll/afterAll (the JSON report only marks their tests "skipped" or still "passed")
// and unhandled errors and rejections (absent from the JSON report altogether). It writes them to
// the path in CALLRANK_VITEST_ERRORS_JSON, read by scripts/sum-test-results.mjs.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

interface ErrorLike {
  readonly message?: string;
}

export default class VitestErrorReport implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<ErrorLike>): void {
    const path = process.env.CALLRANK_VITEST_ERRORS_JSON;
    if (!path) return;
    const suiteErrors: { where: string; message: string }[] = [];
    for (const mod of modules) {
      const where = relative(process.cwd(), mod.moduleId);
      for (const e of mod.errors()) suiteErrors.push({ where, message: e.message ?? String(e) });
      for (const suite of mod.children.allSuites()) {
        for (const e of suite.errors())
          suiteErrors.push({ where: `${where} > ${suite.fullName}`, message: e.message ?? String(e) });
      }
    }
    const unhandledErrors = unhandled.map((e) => e.message ?? String(e));
    writeFileSync(path, JSON.stringify({ suiteErrors, unhandledErrors }, null, 2));
  }
}
