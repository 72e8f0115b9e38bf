import { ListTagsForResourceCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';

/** An account's Organizations tags (ListTagsForResource, every page), stopping at `signal`. */
export async function readAccountTags(
  orgs: OrganizationsClient,
  accountId: string,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await orgs.send(
      new ListTagsForResourceCommand({ ResourceId: accountId, NextToken: token }),
      signal ? { abortSignal: signal } : {},
    );
    for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
    token = page.NextToken;
  } while (token);
  return tags;
}
