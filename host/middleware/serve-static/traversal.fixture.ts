/**
 * Request-targets that must serve nothing outside the root (and nothing of
 * the guarded /admin/ subtree), sent raw on sockets (no client normalises
 * them) and through app.request. Shapes from the published advisories
 * against Hono's and Fastify's static servers, and the classic ones:
 *
 *   GHSA-wwfh-h76j-fc44 (hono), GHSA-frvp-7c67-39w9 (@hono/node-server)   %5C / "\" splits one segment into two
 *   GHSA-92pp-h63x-v22m (@hono/node-server)                                  repeated slashes pass a prefix guard
 *   GHSA-x428-ghpx-8j92 (@fastify/static)                                   encoded "/" (%2F) passes a route guard
 *   GHSA-8pvw-jcv7-9cmj, CVE-2026-15074 (@fastify/static)                   non-canonical paths, ".." segments
 *   GHSA-83w8-p2f5-377r (@fastify/static)                                   path traversal
 *   CVE-2021-22963 (fastify-static)                                          "//host/%2e%2e" → redirect off-site
 */
export const TRAVERSAL_TARGETS: string[] = [
  // ".." raw, encoded, half-encoded, double-encoded, mixed case
  "/../secret.txt",
  "/../../secret.txt",
  "/sub/../../secret.txt",
  "/%2e%2e/secret.txt",
  "/%2E%2E/secret.txt",
  "/.%2e/secret.txt",
  "/%2e./secret.txt",
  "/sub/%2e%2e/%2e%2e/secret.txt",
  "/%252e%252e/secret.txt",
  "/..%2fsecret.txt",
  "/..%2Fsecret.txt",
  "/sub%2f..%2f..%2fsecret.txt",
  "/%2e%2e%2fsecret.txt",
  "/%2e%2e%2f%2e%2e%2fsecret.txt",
  "/..%5csecret.txt",
  "/..%5Csecret.txt",
  "/%2e%2e%5csecret.txt",
  "/..\\secret.txt",
  "/sub\\..\\..\\secret.txt",
  "/..%c0%afsecret.txt",
  "/..%ef%bc%8fsecret.txt",
  "/...//secret.txt",
  "/..;/secret.txt",
  "/%00/../secret.txt",
  "/hello.txt%00/../../secret.txt",
  "/secret.txt%00.txt",
  // "." segments and repeated slashes
  "/./hello.txt",
  "/%2e/hello.txt",
  "//secret.txt",
  "///../secret.txt",
  // symlinks that leave the root (a file and a directory)
  "/link-out",
  "/dir-out/secret.txt",
  "/dir-out/public/hello.txt",
  // the guarded subtree reached around its guard
  "//admin/secret.txt",
  "///admin/secret.txt",
  "/admin%2fsecret.txt",
  "/admin%2Fsecret.txt",
  "/admin%5csecret.txt",
  "/admin%5Csecret.txt",
  "/admin\\secret.txt",
  "/sub/../admin/secret.txt",
  "/sub/%2e%2e/admin/secret.txt",
  "/./admin/secret.txt",
  "/%2e/admin/secret.txt",
  "/%61dmin/secret.txt",
  "/ADMIN/secret.txt",
  "/admin./secret.txt",
  "/admin/./secret.txt",
  // open redirect through the directory redirect
  "//evil.example/%2e%2e",
  "//evil.example/%2e%2e/sub",
  "/%2fevil.example/sub",
  "/\\evil.example/sub",
  // dotfiles
  "/.env",
  "/%2eenv",
  "/sub/.env",
];

/** Bytes that must never appear in an answer to a traversal target. */
export const SECRETS = ["OUTSIDE-THE-ROOT-SECRET", "GUARDED-ADMIN-SECRET", "DOTENV-SECRET"];
