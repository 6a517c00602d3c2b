/*
 * The GALSS client and info APIs as the public facts describe them
 * (docs/domain/official-api.md §2). This is the mock's header, not
 * the vendor's: names, parameter order and widths follow them.
 * cdecl, every function returns unsigned short, 0 = G_NOERROR.
 */
#ifndef GALSS_MOCK_H
#define GALSS_MOCK_H

#include <stdint.h>

#define G_NOERROR 0x0000
#define G_ERRINTERNE 0x0001
#define G_ERRSESSIONS 0x0002
#define G_ERREXCL 0x0004
#define G_ERRSEQUENCE 0x0008
#define G_ERRBUFFER 0x0010
#define G_ERRTEMPS 0x0100
#define G_ERRTRANS 0x0200
#define G_ERRNOREPONSE 0x0400
#define G_ERRSESSIONOUVERTE 0x0800
#define G_ERRSESSION 0x1000
#define G_ERRRESSOURCE 0x2000
#define G_ERRPARAM 0x4000
#define G_ERRSERVEUR 0x8002

/* The documented component record of LireVersion. */
typedef struct {
  uint32_t type;
  char version[4];
} GalssComponent;

unsigned short OuvrirSession(const char *appName, const char *resourceName, unsigned short *session,
                             unsigned char *lad);
unsigned short FermerSession(unsigned short session, unsigned short *releasedExclusivity);
unsigned short DebutExclusivite(const char *list, char *holderApp, char *holderResource,
                                unsigned short *exclusivity);
unsigned short FinExclusivite(unsigned short exclusivity);
/* 32-bit lengths on Unix: the vendor header says unsigned long, its own clients use 32 bits. */
unsigned short Echange(unsigned short session, unsigned short maxSeconds, const char *request,
                       const uint32_t *requestLen, char *response, uint32_t *responseLen);
unsigned short LireVersion(char *version, unsigned short *count, GalssComponent *components);

/* Info library: rows of 26 packed bytes (alias[9], name[9], LAD, PAD, channel, channel type,
 * connection type u16, protocol u16). *count: in, rows the table can hold; out, rows written. */
unsigned short DonneNombreRessources(unsigned short *count);
unsigned short DonneTableRessources(void *table, unsigned short *count);

#endif
