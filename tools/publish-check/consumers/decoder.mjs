// Decoder only: the pure decoder's public API, from its tarball alone.
import { classifyAtr, fromHex, parseNir, parseTlv } from '@openvitale/decoder';

// A synthetic identity template (65 with nom 80 "TEST" and prénom 81 "ANNE"), a Vitale 2 ATR, a NIR test vector.
const { value: tree } = parseTlv(fromHex('650C8004544553548104414E4E45'));
const nir = parseNir('295109912611193');
const atr = classifyAtr(fromHex('3B751300004709EA9000'));
console.log(JSON.stringify({ atr, tags: tree.nodes.map((node) => node.tagHex), keyValid: nir?.keyValid }));
