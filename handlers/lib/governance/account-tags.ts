import { type OrganizationsClient, paginateListTagsForResource } from '@aws-sdk/client-organizations';

/** An account's Organizations tags (ListTagsForResource, all pages). */
export async function readAccountTags(
  orgs: OrganizationsClient,
  accountId: string,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client: orgs }, { ResourceId: accountId })) {
    for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  }
  return tags;
}
