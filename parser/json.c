/* json.c — the article record as JSON, the one shape every vnnews command prints
 * (README.md, "The record"): url, title, published, published_inferred, author, site,
 * lang, body, documents[{kind, number, issuer, date}], kind, plus content_hash, charset and
 * canonical_url.  Unknown values are absent, never invented; "published" is null when no
 * date was found, and a document's issuer/date are null when the text has none.  All JSON
 * goes through jansson. */
#include "parser/parser_int.h"

#include <stdlib.h>
#include <string.h>

static int set_str(json_t *o, const char *key, const char *v)
{
	if (!v)
		return VN_OK;
	return json_object_set_new(o, key, json_string(v)) == 0 ? VN_OK : VN_ENOMEM;
}

static json_t *str_or_null(const char *v)
{
	return v ? json_string(v) : json_null();
}

static json_t *str_array(char **v, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++)
		if (json_array_append_new(arr, json_string(v[i]))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

int parser_article_to_json(const struct parser_article *a, bool with_links, json_t **out)
{
	json_t *o = json_object(), *docs = NULL;
	int rc = VN_ENOMEM;

	*out = NULL;
	if (!o)
		return VN_ENOMEM;
	if (set_str(o, "url", a->url) || set_str(o, "title", a->title))
		goto out;
	if (json_object_set_new(o, "published", str_or_null(a->published)) ||
	    json_object_set_new(o, "published_inferred",
				json_boolean(a->published && a->published_inferred)))
		goto out;
	if (set_str(o, "author", a->author) || set_str(o, "site", a->site) ||
	    set_str(o, "lang", a->lang) || set_str(o, "body", a->body))
		goto out;
	docs = json_array();
	if (!docs)
		goto out;
	for (size_t i = 0; i < a->n_documents; i++) {
		const struct parser_document_ref *d = &a->documents[i];
		json_t *dj = json_pack("{s:s?, s:s?, s:o, s:o}", "kind", d->kind, "number", d->number,
				       "issuer", str_or_null(d->issuer), "date", str_or_null(d->date));

		if (!dj || json_array_append_new(docs, dj))
			goto out;
	}
	if (json_object_set_new(o, "documents", docs)) {
		docs = NULL;
		goto out;
	}
	docs = NULL;
	if (set_str(o, "kind", parser_page_kind_name(a->kind)) ||
	    set_str(o, "content_hash", a->content_hash) || set_str(o, "charset", a->charset) ||
	    set_str(o, "canonical_url", a->canonical_url))
		goto out;
	if (with_links) {
		if (json_object_set_new(o, "links", str_array(a->links, a->n_links)) ||
		    json_object_set_new(o, "feeds", str_array(a->feeds, a->n_feeds)))
			goto out;
	}
	*out = o;
	o = NULL;
	rc = VN_OK;
out:
	json_decref(docs);
	json_decref(o);
	return rc;
}

/* Copies a string member; absent and null give NULL, other types are an error. */
static int get_str(const json_t *obj, const char *key, char **dst)
{
	json_t *v = json_object_get(obj, key);

	*dst = NULL;
	if (!v || json_is_null(v))
		return VN_OK;
	if (!json_is_string(v))
		return VN_EINVAL;
	*dst = strdup(json_string_value(v));
	return *dst ? VN_OK : VN_ENOMEM;
}

static int get_str_list(const json_t *obj, const char *key, char ***dst, size_t *n)
{
	json_t *v = json_object_get(obj, key), *e;
	size_t i;

	*dst = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return VN_OK;
	if (!json_is_array(v))
		return VN_EINVAL;
	if (!json_array_size(v))
		return VN_OK;
	*dst = calloc(json_array_size(v), sizeof **dst);
	if (!*dst)
		return VN_ENOMEM;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return VN_EINVAL;
		(*dst)[i] = strdup(json_string_value(e));
		if (!(*dst)[i])
			return VN_ENOMEM;
		(*n)++;
	}
	return VN_OK;
}

int parser_article_from_json(const json_t *obj, struct parser_article *out)
{
	json_t *docs, *d, *v;
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	if (!json_is_object(obj))
		return VN_EINVAL;
	if ((rc = get_str(obj, "url", &out->url)) || (rc = get_str(obj, "title", &out->title)) ||
	    (rc = get_str(obj, "published", &out->published)) ||
	    (rc = get_str(obj, "author", &out->author)) || (rc = get_str(obj, "site", &out->site)) ||
	    (rc = get_str(obj, "lang", &out->lang)) || (rc = get_str(obj, "body", &out->body)) ||
	    (rc = get_str(obj, "content_hash", &out->content_hash)) ||
	    (rc = get_str(obj, "charset", &out->charset)) ||
	    (rc = get_str(obj, "canonical_url", &out->canonical_url)))
		goto out;
	v = json_object_get(obj, "published_inferred");
	out->published_inferred = json_is_true(v);
	v = json_object_get(obj, "kind");
	if (json_is_string(v)) {
		if (strcmp(json_string_value(v), "article") == 0)
			out->kind = PARSER_PAGE_ARTICLE;
		else if (strcmp(json_string_value(v), "listing") == 0)
			out->kind = PARSER_PAGE_LISTING;
	}
	docs = json_object_get(obj, "documents");
	if (json_is_array(docs) && json_array_size(docs)) {
		out->documents = calloc(json_array_size(docs), sizeof *out->documents);
		if (!out->documents) {
			rc = VN_ENOMEM;
			goto out;
		}
		json_array_foreach(docs, i, d) {
			struct parser_document_ref *r = &out->documents[out->n_documents];

			if (!json_is_object(d)) {
				rc = VN_EINVAL;
				goto out;
			}
			out->n_documents++;
			if ((rc = get_str(d, "kind", &r->kind)) || (rc = get_str(d, "number", &r->number)) ||
			    (rc = get_str(d, "issuer", &r->issuer)) || (rc = get_str(d, "date", &r->date)))
				goto out;
		}
	} else if (docs && !json_is_array(docs) && !json_is_null(docs)) {
		rc = VN_EINVAL;
		goto out;
	}
	if ((rc = get_str_list(obj, "links", &out->links, &out->n_links)) ||
	    (rc = get_str_list(obj, "feeds", &out->feeds, &out->n_feeds)))
		goto out;
out:
	if (rc)
		parser_article_release(out);
	return rc;
}
