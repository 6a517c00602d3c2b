/*
 * Prints, as JSON, what the C compiler makes of the PC/SC headers: the sizes
 * and field offsets of the types the koffi binding uses, and the constants it
 * relies on. test/layout/layout.test.ts compares this with the binding's own
 * description (src/binding/layout.ts).
 *
 *   pcsc-lite: cc $(pkg-config --cflags libpcsclite) probe.c -o probe
 *   Windows:   x86_64-w64-mingw32-gcc probe.c -o probe.exe (or i686-w64-mingw32-gcc), run under Wine
 *   macOS:     cc probe.c -o probe (PCSC.framework headers)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(_WIN32)
#include <windows.h>
#include <winscard.h>
typedef SCARD_READERSTATEA READERSTATE;
#elif defined(__APPLE__)
#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
typedef SCARD_READERSTATE READERSTATE;
#else
#include <winscard.h>
typedef SCARD_READERSTATE READERSTATE;
#endif

static const char *separator = "";

static void entry(const char *name, unsigned long value) {
  printf("%s\n    \"%s\": %lu", separator, name, value);
  separator = ",";
}

static void section(const char *name) {
  printf("%s\n  \"%s\": {", *separator == ',' ? "\n  }," : "", name);
  separator = "";
}

#define SIZE(type) entry(#type, (unsigned long)sizeof(type))
#define OFFSET(type, field) entry(#type "." #field, (unsigned long)offsetof(type, field))
/* Through uint32_t: the codes are negative LONGs on Windows and macOS. */
#define CONSTANT(name) entry(#name, (unsigned long)(uint32_t)(name))

int main(void) {
  printf("{");
  section("sizeof");
  SIZE(DWORD);
  SIZE(LONG);
  SIZE(SCARDCONTEXT);
  SIZE(SCARDHANDLE);
  entry("SCARD_READERSTATE", (unsigned long)sizeof(READERSTATE));
  entry("SCARD_READERSTATE.rgbAtr", (unsigned long)sizeof(((READERSTATE *)0)->rgbAtr));
  SIZE(SCARD_IO_REQUEST);

  section("offsetof");
  entry("SCARD_READERSTATE.szReader", (unsigned long)offsetof(READERSTATE, szReader));
  entry("SCARD_READERSTATE.pvUserData", (unsigned long)offsetof(READERSTATE, pvUserData));
  entry("SCARD_READERSTATE.dwCurrentState", (unsigned long)offsetof(READERSTATE, dwCurrentState));
  entry("SCARD_READERSTATE.dwEventState", (unsigned long)offsetof(READERSTATE, dwEventState));
  entry("SCARD_READERSTATE.cbAtr", (unsigned long)offsetof(READERSTATE, cbAtr));
  entry("SCARD_READERSTATE.rgbAtr", (unsigned long)offsetof(READERSTATE, rgbAtr));
  OFFSET(SCARD_IO_REQUEST, dwProtocol);
  OFFSET(SCARD_IO_REQUEST, cbPciLength);

  section("constants");
  CONSTANT(SCARD_S_SUCCESS);
  CONSTANT(SCARD_SCOPE_USER);
  CONSTANT(SCARD_SCOPE_SYSTEM);
  CONSTANT(SCARD_SHARE_EXCLUSIVE);
  CONSTANT(SCARD_SHARE_SHARED);
  CONSTANT(SCARD_LEAVE_CARD);
  CONSTANT(SCARD_RESET_CARD);
  CONSTANT(SCARD_UNPOWER_CARD);
  CONSTANT(SCARD_PROTOCOL_T0);
  CONSTANT(SCARD_PROTOCOL_T1);
  CONSTANT(SCARD_PROTOCOL_RAW);
  CONSTANT(INFINITE);
  CONSTANT(SCARD_STATE_UNAWARE);
  CONSTANT(SCARD_STATE_IGNORE);
  CONSTANT(SCARD_STATE_CHANGED);
  CONSTANT(SCARD_STATE_UNKNOWN);
  CONSTANT(SCARD_STATE_UNAVAILABLE);
  CONSTANT(SCARD_STATE_EMPTY);
  CONSTANT(SCARD_STATE_PRESENT);
  CONSTANT(SCARD_STATE_ATRMATCH);
  CONSTANT(SCARD_STATE_EXCLUSIVE);
  CONSTANT(SCARD_STATE_INUSE);
  CONSTANT(SCARD_STATE_MUTE);
  CONSTANT(SCARD_F_INTERNAL_ERROR);
  CONSTANT(SCARD_E_CANCELLED);
  CONSTANT(SCARD_E_INVALID_HANDLE);
  CONSTANT(SCARD_E_INVALID_PARAMETER);
  CONSTANT(SCARD_E_INVALID_TARGET);
  CONSTANT(SCARD_E_NO_MEMORY);
  CONSTANT(SCARD_F_WAITED_TOO_LONG);
  CONSTANT(SCARD_E_INSUFFICIENT_BUFFER);
  CONSTANT(SCARD_E_UNKNOWN_READER);
  CONSTANT(SCARD_E_TIMEOUT);
  CONSTANT(SCARD_E_SHARING_VIOLATION);
  CONSTANT(SCARD_E_NO_SMARTCARD);
  CONSTANT(SCARD_E_UNKNOWN_CARD);
  CONSTANT(SCARD_E_CANT_DISPOSE);
  CONSTANT(SCARD_E_PROTO_MISMATCH);
  CONSTANT(SCARD_E_NOT_READY);
  CONSTANT(SCARD_E_INVALID_VALUE);
  CONSTANT(SCARD_E_SYSTEM_CANCELLED);
  CONSTANT(SCARD_F_COMM_ERROR);
  CONSTANT(SCARD_F_UNKNOWN_ERROR);
  CONSTANT(SCARD_E_INVALID_ATR);
  CONSTANT(SCARD_E_NOT_TRANSACTED);
  CONSTANT(SCARD_E_READER_UNAVAILABLE);
  CONSTANT(SCARD_P_SHUTDOWN);
  CONSTANT(SCARD_E_PCI_TOO_SMALL);
  CONSTANT(SCARD_E_READER_UNSUPPORTED);
  CONSTANT(SCARD_E_DUPLICATE_READER);
  CONSTANT(SCARD_E_CARD_UNSUPPORTED);
  CONSTANT(SCARD_E_NO_SERVICE);
  CONSTANT(SCARD_E_SERVICE_STOPPED);
  CONSTANT(SCARD_E_UNEXPECTED);
  CONSTANT(SCARD_E_ICC_INSTALLATION);
  CONSTANT(SCARD_E_ICC_CREATEORDER);
  CONSTANT(SCARD_E_UNSUPPORTED_FEATURE);
  CONSTANT(SCARD_E_DIR_NOT_FOUND);
  CONSTANT(SCARD_E_FILE_NOT_FOUND);
  CONSTANT(SCARD_E_NO_DIR);
  CONSTANT(SCARD_E_NO_FILE);
  CONSTANT(SCARD_E_NO_ACCESS);
  CONSTANT(SCARD_E_WRITE_TOO_MANY);
  CONSTANT(SCARD_E_BAD_SEEK);
  CONSTANT(SCARD_E_INVALID_CHV);
  CONSTANT(SCARD_E_UNKNOWN_RES_MNG);
  CONSTANT(SCARD_E_NO_SUCH_CERTIFICATE);
  CONSTANT(SCARD_E_CERTIFICATE_UNAVAILABLE);
  CONSTANT(SCARD_E_NO_READERS_AVAILABLE);
  CONSTANT(SCARD_E_COMM_DATA_LOST);
  CONSTANT(SCARD_E_NO_KEY_CONTAINER);
  CONSTANT(SCARD_E_SERVER_TOO_BUSY);
  CONSTANT(SCARD_W_UNSUPPORTED_CARD);
  CONSTANT(SCARD_W_UNRESPONSIVE_CARD);
  CONSTANT(SCARD_W_UNPOWERED_CARD);
  CONSTANT(SCARD_W_RESET_CARD);
  CONSTANT(SCARD_W_REMOVED_CARD);
  CONSTANT(SCARD_W_SECURITY_VIOLATION);
  CONSTANT(SCARD_W_WRONG_CHV);
  CONSTANT(SCARD_W_CHV_BLOCKED);
  CONSTANT(SCARD_W_EOF);
  CONSTANT(SCARD_W_CANCELLED_BY_USER);
  CONSTANT(SCARD_W_CARD_NOT_AUTHENTICATED);
  printf("\n  }\n}\n");
  return 0;
}
