/*
 * The journal (OpenVitaleJournal): one line per call, appended, so that a
 * site whose software shows only a number can see what happened and what to
 * do. It never holds card data: the details are the library's own reasons
 * and the openvitale command's error messages, which hold no NIR and no name
 * (packages/cli README, "Personal data").
 */
#ifndef APILEC_JOURNAL_H
#define APILEC_JOURNAL_H

/* Appends "<UTC time> <function> -> <code name> (<code>) [card <state>]: <detail>" to path, if path is set. */
void journal_write(const char *path, const char *function, unsigned short code, int card_state, const char *detail);

#endif
