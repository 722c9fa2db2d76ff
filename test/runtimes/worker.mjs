// workerd entry: `workerd test workerd.capnp` calls test(); the bundle resolves zkvault with the
// workerd/worker/browser conditions, so the web backend runs on workerd's WebCrypto.
import { run } from './flow.mjs';

export default {
  async test() {
    const n = await run((l) => console.log(l));
    if (n !== 7) throw new Error(`only ${n} checks passed`);
  },
};
