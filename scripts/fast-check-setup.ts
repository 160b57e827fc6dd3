// Vitest setup for every package: property tests replay one fixed seed, so a commit that is green
// stays green in CI and a failure reproduces exactly. To explore new cases locally, run with
// FC_SEED=random (or FC_SEED=<number>); fast-check prints the seed and path of any failure.
import fc from "fast-check";

const requested = process.env.FC_SEED;
if (requested !== "random") {
  fc.configureGlobal({ seed: requested ? Number(requested) : 20_261_128 });
}
