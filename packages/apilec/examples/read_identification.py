"""Reads the identification of the persons on a carte Vitale through the
drop-in library, as software written for the closed API does, and writes
the XML (ISO-8859-1) to standard output.

    python3 read_identification.py LIBRARY FOLDER_OF_API_LEC_INI [WAIT_SECONDS]

Exit status 0 when the card was read, else 1 with the codes of apilec.h.
"""
import ctypes
import sys

library_path, folder = sys.argv[1], sys.argv[2]
wait = int(sys.argv[3]) if len(sys.argv) > 3 else 30

# WinDLL: __stdcall on 32-bit Windows (on 64-bit Windows and elsewhere, CDLL is the same).
api = ctypes.WinDLL(library_path) if sys.platform == "win32" else ctypes.CDLL(library_path)
u16 = ctypes.c_ushort
api.Hn_Init.argtypes = [ctypes.c_char_p, ctypes.POINTER(u16), ctypes.POINTER(u16)]
api.Hn_Init.restype = u16
api.Hn_LectureVitaleDonneesIdentification.argtypes = [
    ctypes.c_short,
    ctypes.c_char_p,
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_short),
    ctypes.POINTER(u16),
]
api.Hn_LectureVitaleDonneesIdentification.restype = u16
api.Hn_Finir.argtypes = [ctypes.POINTER(u16)]
api.Hn_Finir.restype = u16

mode, error = u16(), u16()
if api.Hn_Init(folder.encode(), ctypes.byref(mode), ctypes.byref(error)) != 0:
    sys.exit(f"Hn_Init: error {error.value}")
try:
    buffer = ctypes.create_string_buffer(64 * 1024)
    length = ctypes.c_uint(len(buffer))
    card = ctypes.c_short()
    code = api.Hn_LectureVitaleDonneesIdentification(
        wait, buffer, ctypes.byref(length), ctypes.byref(card), ctypes.byref(error)
    )
    if code != 0:
        sys.exit(f"Hn_LectureVitaleDonneesIdentification: error {code}, card state {card.value}")
    # The XML is not NUL-terminated: its length is what the call returned.
    sys.stdout.buffer.write(buffer.raw[: length.value])
finally:
    api.Hn_Finir(ctypes.byref(u16()))
