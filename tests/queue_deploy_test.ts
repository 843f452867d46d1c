import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { fileURLToPath } from "node:url";

const docs = (name: string) => fileURLToPath(new URL(`../docs/queue/${name}`, import.meta.url));
const manifests = parseAllDocuments(await Deno.readTextFile(docs("k8s.yaml"))).map((d) => d.toJS());

async function haveKubectl(): Promise<boolean> {
  try {
    return (await new Deno.Command("kubectl", { args: ["version", "--client"], stdout: "null", stderr: "null" })
      .output())
      .success;
  } catch {
    return false;
  }
}

Deno.test("the Kubernetes manifests check against the Kubernetes API schemas (kubernetes-models)", () => {
  assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`), [
    "Deployment/ser-redis",
    "Service/ser-redis",
    "Deployment/ser-worker",
  ]);
  for (const m of manifests) (m.kind === "Deployment" ? new Deployment(m) : new Service(m)).validate();
  const worker = manifests[2].spec.template.spec.containers[0];
  assert.ok(!JSON.stringify(worker.command).includes("@"), "no password on the worker's command line");
  assert.equal(worker.env[0].name, "SER_QUEUE_PASSWORD");
  // The schemas do refuse a wrong manifest (so that the check above means something).
  const bad = structuredClone(manifests[0]);
  bad.spec.replicas = "four";
  assert.throws(() => new Deployment(bad).validate(), /replicas must be integer/);
});

Deno.test({
  name: "kubectl apply --dry-run=client accepts the manifests (against a loopback API discovery stub)",
  ignore: !await haveKubectl(),
  async fn() {
    // kubectl maps kinds to resources through the API server's discovery documents even in client dry-run; this stub
    // answers those (and nothing else), so no cluster is needed. Schemas are checked by the test above.
    const discovery: Record<string, unknown> = {
      "/api": { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] },
      "/apis": {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: [{
          name: "apps",
          versions: [{ groupVersion: "apps/v1", version: "v1" }],
          preferredVersion: { groupVersion: "apps/v1", version: "v1" },
        }],
      },
      "/api/v1": {
        kind: "APIResourceList",
        groupVersion: "v1",
        resources: [{ name: "services", singularName: "service", namespaced: true, kind: "Service", verbs: ["get"] }],
      },
      "/apis/apps/v1": {
        kind: "APIResourceList",
        groupVersion: "apps/v1",
        resources: [{
          name: "deployments",
          singularName: "deployment",
          namespaced: true,
          kind: "Deployment",
          verbs: ["get"],
        }],
      },
    };
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
      const body = discovery[new URL(req.url).pathname];
      return body ? Response.json(body) : new Response("not found", { status: 404 });
    });
    try {
      const r = await new Deno.Command("kubectl", {
        args: [
          "--server",
          `http://127.0.0.1:${server.addr.port}`,
          "apply",
          "--dry-run=client",
          "--validate=false",
          "-f",
          docs("k8s.yaml"),
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(r.stdout), err = new TextDecoder().decode(r.stderr);
      assert.equal(r.code, 0, err);
      assert.equal(out.match(/created \(dry run\)/g)?.length, 3, out);
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test("the Slurm script is valid bash and the systemd unit names the worker with the password kept out", async () => {
  const r = await new Deno.Command("bash", { args: ["-n", docs("ser-workers.slurm")] }).output();
  assert.equal(r.code, 0);
  const unit = await Deno.readTextFile(docs("ser-worker.service"));
  assert.match(unit, /^ExecStart=.*ser worker --queue redis:\/\/[^@\s]+ /m);
  assert.match(unit, /^EnvironmentFile=/m);
  assert.match(unit, /^KillSignal=SIGTERM$/m);
});
