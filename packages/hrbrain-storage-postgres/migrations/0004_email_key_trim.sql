-- @mikiwame/hrbrain-storage-postgres, migration 0004 (E1: the e-mail key is trimmed). Keeps every row.
-- Runs like 0001: inside one transaction, `search_path` set to the adapter's schema.
--
-- 0001 made the unique index lower(email): ' Taro@Example.jp ' and 'taro@example.jp' were two
-- keys, so a create racing a stored address with surrounding spaces stored the same person twice.
-- The key is now the core's `emailKey`: trimmed of what JavaScript's String.prototype.trim removes
-- (white space and line terminators, including U+3000 and U+FEFF), then lower-cased.
--
-- If the table already holds two employees of one tenant whose addresses differ only by
-- surrounding white space, the migration stops (nothing changes, every row is kept) and says how
-- many; merge or correct those rows, then run migrate() again. No address is put in the message.
do $$
declare
  clashes bigint;
begin
  select count(*) into clashes from (
    select 1 from employees
    group by tenant_id, lower(btrim(email, E' \t\n\x0B\f\r\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF'))
    having count(*) > 1
  ) as dup;
  if clashes > 0 then
    raise exception 'hrbrain-storage-postgres migration 0004: % e-mail key(s) are held by more than one employee once surrounding white space is ignored (E1). Nothing was changed; correct or merge those employees, then run migrate() again.', clashes
      using errcode = '23505';
  end if;
end
$$;

drop index employees_email_key;
create unique index employees_email_key on employees (tenant_id, lower(btrim(email, E' \t\n\x0B\f\r\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF')));
