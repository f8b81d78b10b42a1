import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes, so a manager's order can be found in the Temporal Web UI. */
export const CompanyIdKey = defineSearchAttributeKey('CompanyId', SearchAttributeType.KEYWORD);
export const LocationIdKey = defineSearchAttributeKey('LocationId', SearchAttributeType.KEYWORD);
export const ClientIdKey = defineSearchAttributeKey('ClientId', SearchAttributeType.KEYWORD);
export const EntityIdKey = defineSearchAttributeKey('EntityId', SearchAttributeType.KEYWORD);
export const EntityTypeKey = defineSearchAttributeKey('EntityType', SearchAttributeType.KEYWORD);
export const StatusIdKey = defineSearchAttributeKey('StatusId', SearchAttributeType.KEYWORD);

export const CUSTOM_SEARCH_ATTRIBUTE_KEYS = [
  CompanyIdKey,
  LocationIdKey,
  ClientIdKey,
  EntityIdKey,
  EntityTypeKey,
  StatusIdKey,
];

export const CUSTOM_SEARCH_ATTRIBUTES = CUSTOM_SEARCH_ATTRIBUTE_KEYS.map((key) => ({
  name: key.name,
  type: 'Keyword' as const,
}));
