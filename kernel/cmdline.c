#include "kernel/cmdline.h"

#include <stddef.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Finds the next word at or after *at; returns its length, 0 at the end. */
static size_t next_word(const char **at)
{
	const char *s = *at;
	while (is_blank(*s))
		s++;
	*at = s;
	size_t length = 0;
	while (s[length] && !is_blank(s[length]))
		length++;
	return length;
}

/* Whether the word [w, w + length) begins with `prefix`; sets *rest past it. */
static bool word_starts_with(const char *w, size_t length, const char *prefix, size_t *rest)
{
	size_t i = 0;
	for (; prefix[i]; i++) {
		if (i >= length || w[i] != prefix[i])
			return false;
	}
	*rest = i;
	return true;
}

bool cmdline_has(const char *cmdline, const char *word)
{
	const char *at = cmdline;
	for (size_t length; (length = next_word(&at)) != 0; at += length) {
		size_t rest;
		if (word_starts_with(at, length, word, &rest) && rest == length)
			return true;
	}
	return false;
}

bool cmdline_next_value(const char **at, const char *key, const char **value, size_t *length)
{
	for (size_t word; (word = next_word(at)) != 0; *at += word) {
		size_t i;
		if (word_starts_with(*at, word, key, &i) && i < word && (*at)[i] == '=') {
			*value = *at + i + 1;
			*length = word - i - 1;
			*at += word;
			return true;
		}
	}
	return false;
}

enum cmdline_number cmdline_number(const char *cmdline, const char *key, uint64_t max,
				   uint64_t *value)
{
	enum cmdline_number result = CMDLINE_ABSENT;
	const char *at = cmdline;
	for (size_t length; (length = next_word(&at)) != 0; at += length) {
		size_t i;
		if (!word_starts_with(at, length, key, &i) || i >= length || at[i] != '=')
			continue;
		i++;
		uint64_t n = 0;
		bool ok = i < length;
		for (; ok && i < length; i++) {
			if (at[i] < '0' || at[i] > '9') {
				ok = false;
				break;
			}
			uint64_t digit = (uint64_t)(at[i] - '0');
			if (digit > max || n > (max - digit) / 10) /* n * 10 + digit > max */
				ok = false;
			else
				n = n * 10 + digit;
		}
		result = ok ? CMDLINE_NUMBER : CMDLINE_MALFORMED;
		if (ok)
			*value = n;
	}
	return result;
}
