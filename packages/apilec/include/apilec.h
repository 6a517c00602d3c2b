/*
 * apilec.h: OpenVitale's drop-in for the identification functions of the
 * closed SESAM-Vitale "API de Lecture Vitale" 6.31.
 *
 * The three prototypes are the closed API's, as integrators declare them
 * (docs/domain/official-api.md §1.2 [H]). Software built against the closed
 * library calls this one unchanged. Everything else in this header is
 * OpenVitale's own: the closed API's card states and error codes are not
 * public (docs/domain/official-api.md §1.3.1 [H that they are not]), so a
 * site's software that branches on particular official values must be
 * checked against the tables below (docs/migrating-from-api-lec.md).
 *
 * Calling convention: __stdcall on 32-bit Windows, the one convention of the
 * platform elsewhere (64-bit Windows has a single convention; Linux and macOS
 * use cdecl). The 32-bit DLL exports each function under its plain name and
 * under both stdcall decorations (Hn_Init, Hn_Init@12, _Hn_Init@12), so that
 * GetProcAddress, P/Invoke, JNA and ctypes all find it.
 *
 * Every function returns its error code (APILEC_OK, 0, on success) and also
 * stores it in *pusCodeErreur. A NULL pointer argument is never dereferenced:
 * the call does nothing and returns APILEC_E_NULL_POINTER.
 */
#ifndef OPENVITALE_APILEC_H
#define OPENVITALE_APILEC_H

#if defined(_WIN32) && !defined(_WIN64)
#define APILEC_CALL __stdcall
#else
#define APILEC_CALL
#endif

#if !defined(_WIN32) && defined(__GNUC__)
#define APILEC_EXPORT __attribute__((visibility("default")))
#else
#define APILEC_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* --- Error codes: the return value of every function, and *pusCodeErreur --- */

#define APILEC_OK 0
/* The call itself */
#define APILEC_E_NULL_POINTER 1        /* a pointer argument is NULL: nothing was done */
#define APILEC_E_BAD_PARAMETER 2       /* a negative wait, or an empty or too long folder */
#define APILEC_E_NOT_INITIALISED 3     /* no successful Hn_Init, or Hn_Finir was called since */
#define APILEC_E_ALREADY_INITIALISED 4 /* Hn_Init twice without Hn_Finir: the first stays in force */
#define APILEC_E_BUSY 5                /* another thread is inside a call: wait for it to return */
/* The configuration and the engine (the openvitale command) */
#define APILEC_E_INI_MISSING 10      /* no readable api_lec.ini in the folder given to Hn_Init */
#define APILEC_E_INI_INVALID 11      /* api_lec.ini is malformed or holds a bad value (the journal says which line) */
#define APILEC_E_ENGINE_MISSING 12   /* the openvitale command (or node, which runs it) cannot be found or started */
#define APILEC_E_ENGINE_FAILED 13    /* the openvitale command failed unexpectedly (the journal has its message) */
#define APILEC_E_ENGINE_TIMEOUT 14   /* the openvitale command outlived its deadline and was stopped */
#define APILEC_E_BUFFER_TOO_SMALL 15 /* the XML does not fit: *puiLgDataOut holds the length needed */
#define APILEC_E_SYSTEM 16           /* the system refused memory, a pipe or a process */
#define APILEC_E_INTERRUPTED 17      /* the openvitale command was interrupted from outside */
/* The reader and the card */
#define APILEC_E_NO_CARD 20            /* no Vitale card was inserted within the wait */
#define APILEC_E_NOT_VITALE 21         /* the card is not a carte Vitale (a CPS, an unknown card) */
#define APILEC_E_CARD_REMOVED 22       /* the card was removed during the read */
#define APILEC_E_READER_UNAVAILABLE 23 /* no reader, or the reader service or library is missing */
#define APILEC_E_READ_FAILED 24        /* a mute card, a card refusal, a reader held by another application */
#define APILEC_E_VITALE_1 25           /* a Vitale 1 card: its data layout is not public, no person can be decoded */

/* --- Card states: *psEtatCarte after Hn_LectureVitaleDonneesIdentification --- */

#define APILEC_CARD_UNKNOWN 0    /* no card was looked at (an error of the call, the configuration or the engine) */
#define APILEC_CARD_READ 1       /* a carte Vitale was read: the buffer holds its XML */
#define APILEC_CARD_ABSENT 2     /* no card within the wait */
#define APILEC_CARD_NOT_VITALE 3 /* a card that is not a carte Vitale */
#define APILEC_CARD_REMOVED 4    /* the card was removed during the read */
#define APILEC_CARD_ERROR 5      /* a card is there but could not be read */
#define APILEC_CARD_VITALE_1 6   /* a Vitale 1 card, whose identification cannot be decoded */

/* --- Modes: *pusMode after Hn_Init, the transport the reads will use --- */

#define APILEC_MODE_PCSC 1  /* PC/SC readers (the default) */
#define APILEC_MODE_GALSS 2 /* a GALSS server (Mode=GALSS) */
#define APILEC_MODE_DEMO 3  /* the bundled synthetic card (OpenVitaleTransport=demo) */

/*
 * Reads <pcChemin>api_lec.ini (pcChemin is the folder, with or without its
 * trailing separator; bytes in the system's code page on Windows) and finds
 * the openvitale command. On success *pusMode holds the mode.
 */
APILEC_EXPORT unsigned short APILEC_CALL Hn_Init(unsigned char *pcChemin, unsigned short *pusMode,
                                                 unsigned short *pusCodeErreur);

/*
 * Waits up to sTempsAttente seconds (0: only a card already there) for a
 * carte Vitale, reads the identification of the persons on it and writes the
 * XML (ISO-8859-1, not NUL-terminated) into pcDataOut. *puiLgDataOut is the
 * buffer's size on entry and the XML's length on return; when the XML does
 * not fit, nothing is written, the call returns APILEC_E_BUFFER_TOO_SMALL and
 * *puiLgDataOut holds the length needed.
 */
APILEC_EXPORT unsigned short APILEC_CALL Hn_LectureVitaleDonneesIdentification(short sTempsAttente, char *pcDataOut,
                                                                               unsigned int *puiLgDataOut,
                                                                               short *psEtatCarte,
                                                                               unsigned short *pusCodeErreur);

/* Ends what Hn_Init started; Hn_Init may then be called again. */
APILEC_EXPORT unsigned short APILEC_CALL Hn_Finir(unsigned short *pusCodeErreur);

#ifdef __cplusplus
}
#endif

#endif
