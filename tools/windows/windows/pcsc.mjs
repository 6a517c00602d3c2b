// The PC/SC transport as an integrator uses it: load the binding (the
// system's PC/SC library through koffi), then list the readers. Prints one
// JSON object: the binding's name, and what listing gave (the readers, or
// the error: whether it is a TransportError, its code, native code, message).
//   node pcsc.mjs
import { TransportError } from '@openvitale/transport';
import { createPcscProvider, loadKoffiBinding } from '@openvitale/transport-pcsc';

const result = { platform: `${process.platform} ${process.arch}` };
try {
  result.binding = (await loadKoffiBinding()).name;
  const provider = createPcscProvider();
  try {
    result.readers = await provider.listReaders();
  } finally {
    await provider.close?.();
  }
} catch (error) {
  result.error = {
    transportError: TransportError.isInstance(error),
    code: error.code,
    nativeCode: error.nativeCode,
    message: error.message,
  };
}
console.log(JSON.stringify(result));
