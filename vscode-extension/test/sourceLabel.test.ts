import assert from "node:assert/strict";
import { test } from "node:test";

import { SOURCE, SOURCE_LABEL, withServerSource, withSourceLabel } from "../src/sourceLabel";

/** Stands in for the language client's diagnostic class, which carries the server's `data`. */
class ClientDiagnostic {
  constructor(
    public source: string | undefined,
    public readonly message: string,
    public readonly data: unknown,
  ) {}
}

test("the server's diagnostics show a label that cannot break at its hyphen", () => {
  assert.equal(SOURCE_LABEL.replace("\u2011", "-"), SOURCE);
  assert.ok(!/[\s-]/.test(SOURCE_LABEL));
  const ours = new ClientDiagnostic(SOURCE, "units must go from larger to smaller", { fixes: [] });
  assert.equal(withSourceLabel(ours), ours);
  assert.equal(ours.source, SOURCE_LABEL);
  const theirs = new ClientDiagnostic("yaml-schema", "Incorrect type", undefined);
  assert.equal(withSourceLabel(theirs).source, "yaml-schema");
});

test("a code action request carries the server's source back, and everything else as it was", () => {
  const shown = withSourceLabel(new ClientDiagnostic(SOURCE, "message", { fixes: [{ title: "Change to 1h30m" }] }));
  const sent = withServerSource(shown);
  assert.equal(sent.source, SOURCE);
  assert.ok(sent instanceof ClientDiagnostic);
  assert.deepEqual([sent.message, sent.data], ["message", { fixes: [{ title: "Change to 1h30m" }] }]);
  assert.equal(shown.source, SOURCE_LABEL, "the shown diagnostic is left alone");
  const theirs = new ClientDiagnostic("yaml-schema", "Incorrect type", undefined);
  assert.equal(withServerSource(theirs), theirs);
});
