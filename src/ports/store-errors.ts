/**
 * The conflicts and misses every AccountGraphStore adapter reports, built in one place
 * because their `field` is part of the port's contract (the API points the client at
 * that input field) and both adapters must name the same one.
 */
import { ConflictError, NotFoundError } from "../domain/errors.js";
import type { LinkType } from "../domain/model.js";

/** A supplied id (or other unique key) that is already taken. */
export function idTakenError(entity: string, id: string, field = "id"): ConflictError {
  return new ConflictError(`${entity} ${JSON.stringify(id)} already exists`, field);
}

/** External (CRM) ids are unique across accounts. */
export function externalIdTakenError(externalId: string): ConflictError {
  return new ConflictError(`externalId ${JSON.stringify(externalId)} belongs to another account`, "externalId");
}

/** One membership per account and community. */
export function alreadyMemberError(accountId: string): ConflictError {
  return new ConflictError(`Account ${JSON.stringify(accountId)} is already a member of this community`, "communityId");
}

/** One link of each type per ordered pair of accounts. */
export function linkExistsError(type: LinkType): ConflictError {
  return new ConflictError(`a ${type} link already joins these accounts`, "toId");
}

/**
 * Both ids exist but are not joined. Adapters call it only after checking the account
 * (`accountId`) and the community (`communityId`) exist, so the field names what is
 * missing; here the pairing is, and the community is the half a client picked wrongly.
 */
export function membershipNotFoundError(accountId: string, communityId: string): NotFoundError {
  return new NotFoundError("Membership", `${accountId}/${communityId}`, "communityId");
}

/** Manager emails are unique, whatever their case (ports/store-records.ts uniquenessKey). */
export function managerEmailTakenError(email: string): ConflictError {
  return new ConflictError(`a manager with email ${JSON.stringify(email)} already exists`, "email");
}

/** Community names are unique, whatever their case. */
export function communityNameTakenError(name: string): ConflictError {
  return new ConflictError(`a community named ${JSON.stringify(name)} already exists`, "name");
}

/** A manager still responsible for accounts or engagements is deleted only with a successor (ports/record-edits.ts). */
export function managerStillResponsibleError(managerId: string, accounts: number, engagements: number): ConflictError {
  return new ConflictError(
    `manager ${JSON.stringify(managerId)} owns ${accounts} account(s) and recorded ${engagements} engagement(s); name the manager who takes them over in reassignTo`,
    "reassignTo",
  );
}
