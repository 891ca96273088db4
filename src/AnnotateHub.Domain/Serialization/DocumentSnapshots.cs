using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Unicode;

namespace AnnotateHub.Domain;

/// <summary>
/// Stored snapshots of a document, by type name. Writes the compact binary form (<see cref="CompactTypeName"/>) and reads
/// both it and the JSON form that earlier versions wrote (<see cref="DocumentState.SnapshotTypeName"/>, via
/// <see cref="DomainJson"/>), so databases in the field keep loading and rewrite their snapshots in the new form as
/// documents change.
/// </summary>
/// <remarks>
/// <para>
/// Why a second form: a 10,000-annotation document's JSON snapshot is about 6 MiB, and reading it (UTF-8 JSON parsing
/// with property-name matching, DateTimeOffset parsing, one string per value) made a cold activation take 80–120 ms.
/// The compact form holds the same members, in a fixed order, with no names: integers as LEB128 varints (zigzag for
/// signed), times as ticks plus offset minutes (exact, offset kept), enums as their numbers, and every string once:
/// a string that occurs again (author ids, tags, bodies, quotes) is a back-reference to its first occurrence, so the
/// reader also shares the instances.
/// </para>
/// <para>
/// Layout: the magic <c>AHDS</c>, a format byte (4; 3 is read too: it lacks each annotation's trailing
/// <see cref="Annotation.Publication"/>; 2 also lacks the moderation before it (flags, hidden items, lock); 1 also lacks
/// <see cref="Annotation.VotesRevealedTo"/>), then the state. A string is a varint <c>k</c>: 0 null, 1 a new
/// string as UTF-8 (varint byte length, bytes), 2 a new string as UTF-16 (varint char count, little-endian chars: only for
/// a string with a lone surrogate, which UTF-8 cannot carry), <c>k</c> ≥ 3 the (k−3)-th new string of this snapshot. An
/// array is a varint
/// count then its items. A nullable value is a byte 0/1 then the value. Members are never reordered: a change of shape is
/// a new type name (<c>document-state.v3</c>) read beside the old ones.
/// </para>
/// </remarks>
public static class DocumentSnapshots
{
    /// <summary>The type name of the compact binary snapshot written by <see cref="Serialize"/>.</summary>
    public const string CompactTypeName = "document-state.v2";

    /// <summary>The type name of the JSON snapshot written before the compact form (still read).</summary>
    public const string JsonTypeName = DocumentState.SnapshotTypeName;

    private const byte FormatVersion = 4;

    /// <summary>The format before <see cref="Annotation.Publication"/> (still read; it has none).</summary>
    private const byte FormatWithoutPublication = 3;

    /// <summary>The format before moderation (flags, hidden items, locked threads; still read: it has none).</summary>
    private const byte FormatWithoutModeration = 2;

    /// <summary>The format before <see cref="Annotation.VotesRevealedTo"/> (still read; it has none).</summary>
    private const byte FormatWithoutReveals = 1;

    private static ReadOnlySpan<byte> Magic => "AHDS"u8;

    /// <summary>True when <paramref name="typeName"/> is a snapshot type this version reads.</summary>
    public static bool CanRead(string typeName) => typeName is CompactTypeName or JsonTypeName;

    /// <summary>Serialises <paramref name="state"/> in the compact form (type <see cref="CompactTypeName"/>).</summary>
    public static byte[] Serialize(DocumentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var writer = new SnapshotWriter(Math.Max(1024, state.Text.Length + (state.Annotations.Length * 160)));
        writer.WriteRaw(Magic);
        writer.WriteByte(FormatVersion);
        writer.WriteString(state.Id);
        writer.WriteString(state.WorkspaceId);
        writer.WriteString(state.Title);
        writer.WriteString(state.Text);
        writer.WriteString(state.SourceUrl);
        writer.WriteString(state.CreatedBy);
        writer.WriteTime(state.CreatedAt);
        writer.WriteInt64(state.Version);
        writer.WriteInt32(state.Quorum);
        writer.WriteCount(state.Annotations.Length);
        foreach (var annotation in state.Annotations)
        {
            WriteAnnotation(writer, annotation);
        }

        return writer.ToArray();
    }

    /// <summary>Reads a snapshot of either type this version knows.</summary>
    /// <exception cref="NotSupportedException">The type name is not one this version reads.</exception>
    /// <exception cref="InvalidDataException">A compact snapshot is truncated or damaged.</exception>
    /// <exception cref="System.Text.Json.JsonException">A JSON snapshot is damaged.</exception>
    public static DocumentState Deserialize(string typeName, ReadOnlySpan<byte> data) => typeName switch
    {
        CompactTypeName => ReadCompact(data),
        JsonTypeName => DomainJson.DeserializeState(data),
        _ => throw new NotSupportedException(
            $"Snapshot type '{typeName}' is not one this version reads ({CompactTypeName}, {JsonTypeName})."),
    };

    private static DocumentState ReadCompact(ReadOnlySpan<byte> data)
    {
        var reader = new SnapshotReader(data);
        if (!reader.ReadRaw(Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"Not a {CompactTypeName} snapshot (bad magic).");
        }

        var format = reader.ReadByte();
        if (format is not (FormatVersion or FormatWithoutPublication or FormatWithoutModeration or FormatWithoutReveals))
        {
            throw new InvalidDataException($"Unknown {CompactTypeName} format {format}.");
        }

        var id = reader.ReadRequiredString();
        var workspaceId = reader.ReadRequiredString();
        var title = reader.ReadRequiredString();
        var text = reader.ReadRequiredString();
        var sourceUrl = reader.ReadString();
        var createdBy = reader.ReadRequiredString();
        var createdAt = reader.ReadTime();
        var version = reader.ReadInt64();
        var quorum = reader.ReadInt32();
        var count = reader.ReadCount();
        var annotations = ImmutableArray.CreateBuilder<Annotation>(count);
        for (var i = 0; i < count; i++)
        {
            annotations.Add(ReadAnnotation(ref reader, format));
        }

        reader.EnsureEnd();
        return new DocumentState
        {
            Id = id,
            WorkspaceId = workspaceId,
            Title = title,
            Text = text,
            SourceUrl = sourceUrl,
            CreatedBy = createdBy,
            CreatedAt = createdAt,
            Version = version,
            Quorum = quorum,
            Annotations = annotations.MoveToImmutable(),
        };
    }

    private static void WriteAnnotation(SnapshotWriter writer, Annotation a)
    {
        writer.WriteString(a.Id);
        writer.WriteInt32((int)a.Kind);
        WriteTarget(writer, a.Target);
        writer.WriteCount(a.Tags.Length);
        foreach (var tag in a.Tags)
        {
            writer.WriteString(tag);
        }

        writer.WriteString(a.Body);
        writer.WriteString(a.AuthorId);
        writer.WriteTime(a.CreatedAt);
        writer.WriteTime(a.EditedAt);
        writer.WriteBool(a.Deleted);
        writer.WriteTime(a.DeletedAt);
        writer.WriteString(a.DeletedBy);
        writer.WriteCount(a.Replies.Length);
        foreach (var reply in a.Replies)
        {
            writer.WriteString(reply.Id);
            writer.WriteString(reply.AuthorId);
            writer.WriteString(reply.Body);
            writer.WriteTime(reply.CreatedAt);
            writer.WriteTime(reply.EditedAt);
            writer.WriteBool(reply.Deleted);
            writer.WriteTime(reply.DeletedAt);
            writer.WriteString(reply.DeletedBy);
        }

        writer.WriteCount(a.Sources.Length);
        foreach (var source in a.Sources)
        {
            writer.WriteString(source.Id);
            writer.WriteString(source.AddedBy);
            writer.WriteTime(source.AddedAt);
            writer.WriteString(source.Title);
            writer.WriteInt32((int)source.Stance);
            writer.WriteString(source.Url);
            writer.WriteString(source.Quote);
            writer.WriteString(source.Note);
            writer.WriteString(source.LinkedDocumentId);
            writer.WriteBool(source.LinkedTarget is not null);
            if (source.LinkedTarget is not null)
            {
                WriteTarget(writer, source.LinkedTarget);
            }
        }

        WriteVotes(writer, a.Votes);
        writer.WriteInt32((int)a.Status);
        writer.WriteBool(a.Resolution is not null);
        if (a.Resolution is { } resolution)
        {
            writer.WriteInt32((int)resolution.Verdict);
            writer.WriteString(resolution.Rationale);
            writer.WriteString(resolution.ResolvedBy);
            writer.WriteTime(resolution.ResolvedAt);
            WriteVotes(writer, resolution.MinorityVotes);
        }

        writer.WriteCount(a.StatusHistory.Length);
        foreach (var change in a.StatusHistory)
        {
            writer.WriteInt32((int)change.From);
            writer.WriteInt32((int)change.To);
            writer.WriteString(change.By);
            writer.WriteTime(change.At);
            writer.WriteString(change.Reason);
        }

        writer.WriteBool(a.ThreadResolved);
        writer.WriteString(a.ThreadResolvedBy);
        writer.WriteTime(a.ThreadResolvedAt);
        writer.WriteCount(a.VotesRevealedTo.IsDefault ? 0 : a.VotesRevealedTo.Length);
        foreach (var userId in a.VotesRevealedTo.IsDefault ? [] : a.VotesRevealedTo)
        {
            writer.WriteString(userId);
        }

        WriteModeration(writer, a);
        writer.WriteBool(a.Publication is not null);
        if (a.Publication is { } p)
        {
            writer.WriteString(p.Slug);
            writer.WriteString(p.Headline);
            writer.WriteString(p.Summary);
            writer.WriteString(p.Claimant);
            writer.WriteString(p.ClaimDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString(p.PublishedBy);
            writer.WriteTime(p.FirstPublishedAt);
            writer.WriteTime(p.PublishedAt);
            writer.WriteTime(p.WithdrawnAt);
        }
    }

    private static Publication? ReadPublication(ref SnapshotReader reader)
    {
        if (!reader.ReadBool())
        {
            return null;
        }

        return new Publication
        {
            Slug = reader.ReadRequiredString(),
            Headline = reader.ReadRequiredString(),
            Summary = reader.ReadRequiredString(),
            Claimant = reader.ReadString(),
            ClaimDate = reader.ReadString() is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
            PublishedBy = reader.ReadRequiredString(),
            FirstPublishedAt = reader.ReadTime(),
            PublishedAt = reader.ReadTime(),
            WithdrawnAt = reader.ReadOptionalTime(),
        };
    }

    private static Annotation ReadAnnotation(ref SnapshotReader reader, byte format)
    {
        var id = reader.ReadRequiredString();
        var kind = (AnnotationKind)reader.ReadEnum((int)AnnotationKind.Question);
        var target = ReadTarget(ref reader);
        var tagCount = reader.ReadCount();
        var tags = ImmutableArray<string>.Empty;
        if (tagCount > 0)
        {
            var builder = ImmutableArray.CreateBuilder<string>(tagCount);
            for (var i = 0; i < tagCount; i++)
            {
                builder.Add(reader.ReadRequiredString());
            }

            tags = builder.MoveToImmutable();
        }

        var body = reader.ReadRequiredString();
        var authorId = reader.ReadRequiredString();
        var createdAt = reader.ReadTime();
        var editedAt = reader.ReadOptionalTime();
        var deleted = reader.ReadBool();
        var deletedAt = reader.ReadOptionalTime();
        var deletedBy = reader.ReadString();

        var replyCount = reader.ReadCount();
        var replies = ImmutableArray<Reply>.Empty;
        if (replyCount > 0)
        {
            var builder = ImmutableArray.CreateBuilder<Reply>(replyCount);
            for (var i = 0; i < replyCount; i++)
            {
                builder.Add(new Reply
                {
                    Id = reader.ReadRequiredString(),
                    AuthorId = reader.ReadRequiredString(),
                    Body = reader.ReadRequiredString(),
                    CreatedAt = reader.ReadTime(),
                    EditedAt = reader.ReadOptionalTime(),
                    Deleted = reader.ReadBool(),
                    DeletedAt = reader.ReadOptionalTime(),
                    DeletedBy = reader.ReadString(),
                });
            }

            replies = builder.MoveToImmutable();
        }

        var sourceCount = reader.ReadCount();
        var sources = ImmutableArray<Source>.Empty;
        if (sourceCount > 0)
        {
            var builder = ImmutableArray.CreateBuilder<Source>(sourceCount);
            for (var i = 0; i < sourceCount; i++)
            {
                builder.Add(new Source
                {
                    Id = reader.ReadRequiredString(),
                    AddedBy = reader.ReadRequiredString(),
                    AddedAt = reader.ReadTime(),
                    Title = reader.ReadRequiredString(),
                    Stance = (SourceStance)reader.ReadEnum((int)SourceStance.Context),
                    Url = reader.ReadString(),
                    Quote = reader.ReadString(),
                    Note = reader.ReadString(),
                    LinkedDocumentId = reader.ReadString(),
                    LinkedTarget = reader.ReadBool() ? ReadTarget(ref reader) : null,
                });
            }

            sources = builder.MoveToImmutable();
        }

        var votes = ReadVotes(ref reader);
        var status = (ClaimStatus)reader.ReadEnum((int)ClaimStatus.Resolved);
        Resolution? resolution = null;
        if (reader.ReadBool())
        {
            resolution = new Resolution
            {
                Verdict = (Verdict)reader.ReadEnum((int)Verdict.Unproven),
                Rationale = reader.ReadRequiredString(),
                ResolvedBy = reader.ReadRequiredString(),
                ResolvedAt = reader.ReadTime(),
                MinorityVotes = ReadVotes(ref reader),
            };
        }

        var historyCount = reader.ReadCount();
        var history = ImmutableArray<StatusChange>.Empty;
        if (historyCount > 0)
        {
            var builder = ImmutableArray.CreateBuilder<StatusChange>(historyCount);
            for (var i = 0; i < historyCount; i++)
            {
                var from = (ClaimStatus)reader.ReadEnum((int)ClaimStatus.Resolved);
                var to = (ClaimStatus)reader.ReadEnum((int)ClaimStatus.Resolved);
                var by = reader.ReadRequiredString();
                var at = reader.ReadTime();
                builder.Add(new StatusChange(from, to, by, at, reader.ReadString()));
            }

            history = builder.MoveToImmutable();
        }

        var annotation = new Annotation
        {
            Id = id,
            Kind = kind,
            Target = target,
            Tags = tags,
            Body = body,
            AuthorId = authorId,
            CreatedAt = createdAt,
            EditedAt = editedAt,
            Deleted = deleted,
            DeletedAt = deletedAt,
            DeletedBy = deletedBy,
            Replies = replies,
            Sources = sources,
            Votes = votes,
            Status = status,
            Resolution = resolution,
            StatusHistory = history,
            ThreadResolved = reader.ReadBool(),
            ThreadResolvedBy = reader.ReadString(),
            ThreadResolvedAt = reader.ReadOptionalTime(),
            VotesRevealedTo = format >= FormatWithoutModeration ? ReadStrings(ref reader) : [],
        };
        annotation = format >= FormatWithoutPublication ? ReadModeration(ref reader, annotation) : annotation;
        return format >= FormatVersion ? annotation with { Publication = ReadPublication(ref reader) } : annotation;
    }

    private static void WriteModeration(SnapshotWriter writer, Annotation a)
    {
        writer.WriteCount(a.Flags.Length);
        foreach (var flag in a.Flags)
        {
            writer.WriteString(flag.Id);
            writer.WriteInt32((int)flag.Item);
            writer.WriteString(flag.ItemId);
            writer.WriteString(flag.Reason);
            writer.WriteString(flag.By);
            writer.WriteTime(flag.At);
        }

        writer.WriteCount(a.HiddenItems.Length);
        foreach (var hidden in a.HiddenItems)
        {
            writer.WriteInt32((int)hidden.Item);
            writer.WriteString(hidden.ItemId);
            writer.WriteString(hidden.Reason);
            writer.WriteString(hidden.By);
            writer.WriteTime(hidden.At);
        }

        writer.WriteBool(a.ThreadLocked);
        writer.WriteString(a.ThreadLockedBy);
        writer.WriteString(a.ThreadLockedReason);
    }

    private static Annotation ReadModeration(ref SnapshotReader reader, Annotation annotation)
    {
        var flags = ImmutableArray.CreateBuilder<Flag>();
        for (var i = reader.ReadCount(); i > 0; i--)
        {
            flags.Add(new Flag
            {
                Id = reader.ReadRequiredString(),
                Item = (ModeratedItem)reader.ReadEnum((int)ModeratedItem.Source),
                ItemId = reader.ReadRequiredString(),
                Reason = reader.ReadRequiredString(),
                By = reader.ReadRequiredString(),
                At = reader.ReadTime(),
            });
        }

        var hidden = ImmutableArray.CreateBuilder<HiddenItem>();
        for (var i = reader.ReadCount(); i > 0; i--)
        {
            hidden.Add(new HiddenItem
            {
                Item = (ModeratedItem)reader.ReadEnum((int)ModeratedItem.Source),
                ItemId = reader.ReadRequiredString(),
                Reason = reader.ReadRequiredString(),
                By = reader.ReadRequiredString(),
                At = reader.ReadTime(),
            });
        }

        return annotation with
        {
            Flags = flags.ToImmutable(),
            HiddenItems = hidden.ToImmutable(),
            ThreadLocked = reader.ReadBool(),
            ThreadLockedBy = reader.ReadString(),
            ThreadLockedReason = reader.ReadString(),
        };
    }

    private static ImmutableArray<string> ReadStrings(ref SnapshotReader reader)
    {
        var count = reader.ReadCount();
        if (count == 0)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<string>(count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(reader.ReadRequiredString());
        }

        return builder.MoveToImmutable();
    }

    private static void WriteTarget(SnapshotWriter writer, TextTarget target)
    {
        writer.WriteString(target.Quote.Exact);
        writer.WriteString(target.Quote.Prefix);
        writer.WriteString(target.Quote.Suffix);
        writer.WriteInt32(target.Position.Start);
        writer.WriteInt32(target.Position.End);
    }

    private static TextTarget ReadTarget(ref SnapshotReader reader)
    {
        var quote = new TextQuoteSelector(reader.ReadRequiredString(), reader.ReadRequiredString(), reader.ReadRequiredString());
        var start = reader.ReadInt32();
        return new TextTarget(quote, new TextPositionSelector(start, reader.ReadInt32()));
    }

    private static void WriteVotes(SnapshotWriter writer, ImmutableArray<Vote> votes)
    {
        writer.WriteCount(votes.Length);
        foreach (var vote in votes)
        {
            writer.WriteString(vote.UserId);
            writer.WriteInt32((int)vote.Verdict);
            writer.WriteString(vote.Rationale);
            writer.WriteTime(vote.CastAt);
            writer.WriteTime(vote.ChangedAt);
        }
    }

    private static ImmutableArray<Vote> ReadVotes(ref SnapshotReader reader)
    {
        var count = reader.ReadCount();
        if (count == 0)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<Vote>(count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(new Vote
            {
                UserId = reader.ReadRequiredString(),
                Verdict = (Verdict)reader.ReadEnum((int)Verdict.Unproven),
                Rationale = reader.ReadRequiredString(),
                CastAt = reader.ReadTime(),
                ChangedAt = reader.ReadOptionalTime(),
            });
        }

        return builder.MoveToImmutable();
    }

    /// <summary>Appends the compact form to a growing buffer; remembers each string it wrote for back-references.</summary>
    private sealed class SnapshotWriter(int capacity)
    {
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
        private byte[] _buffer = new byte[capacity];
        private int _length;

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        public void WriteRaw(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Reserve(bytes.Length));
            _length += bytes.Length;
        }

        public void WriteByte(byte value)
        {
            Reserve(1)[0] = value;
            _length++;
        }

        public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

        public void WriteCount(int count) => WriteVarint((ulong)count);

        public void WriteInt32(int value) => WriteVarint((ulong)(uint)((value << 1) ^ (value >> 31)));

        public void WriteInt64(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

        public void WriteTime(DateTimeOffset value)
        {
            WriteVarint((ulong)value.Ticks);
            WriteInt32((int)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
        }

        public void WriteTime(DateTimeOffset? value)
        {
            WriteBool(value.HasValue);
            if (value is { } time)
            {
                WriteTime(time);
            }
        }

        public void WriteString(string? value)
        {
            if (value is null)
            {
                WriteVarint(0);
                return;
            }

            if (_strings.TryGetValue(value, out var index))
            {
                WriteVarint((ulong)index + 3);
                return;
            }

            _strings.Add(value, _strings.Count);
            var most = Encoding.UTF8.GetMaxByteCount(value.Length);
            var start = _length;
            WriteVarint(1);
            WriteVarint((ulong)most); // placeholder width: rewritten below with the exact length in the same width
            var lengthAt = _length;
            var status = Utf8.FromUtf16(value, Reserve(most), out _, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                // the length varint was written for 'most'; rewrite it as 'written' padded to the same width
                var width = lengthAt - start - 1;
                WritePaddedVarint(_buffer.AsSpan(start + 1, width), (ulong)written);
                _length += written;
                return;
            }

            // a lone surrogate: keep the UTF-16 code units exactly
            _length = start;
            WriteVarint(2);
            WriteVarint((ulong)value.Length);
            var chars = Reserve(value.Length * 2);
            for (var i = 0; i < value.Length; i++)
            {
                chars[2 * i] = (byte)value[i];
                chars[(2 * i) + 1] = (byte)(value[i] >> 8);
            }

            _length += value.Length * 2;
        }

        private static void WritePaddedVarint(Span<byte> span, ulong value)
        {
            for (var i = 0; i < span.Length - 1; i++)
            {
                span[i] = (byte)(value | 0x80);
                value >>= 7;
            }

            span[^1] = (byte)value;
        }

        private void WriteVarint(ulong value)
        {
            var span = Reserve(10);
            var i = 0;
            while (value >= 0x80)
            {
                span[i++] = (byte)(value | 0x80);
                value >>= 7;
            }

            span[i++] = (byte)value;
            _length += i;
        }

        private Span<byte> Reserve(int bytes)
        {
            if (_length + bytes > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
            }

            return _buffer.AsSpan(_length, bytes);
        }
    }

    /// <summary>Reads the compact form; every read is bounds-checked and fails with <see cref="InvalidDataException"/>.</summary>
    private ref struct SnapshotReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly List<string> _strings = new(256);
        private int _position;

        public ReadOnlySpan<byte> ReadRaw(int count)
        {
            if (count > _data.Length - _position)
            {
                throw Truncated();
            }

            var bytes = _data.Slice(_position, count);
            _position += count;
            return bytes;
        }

        public byte ReadByte() => _position < _data.Length ? _data[_position++] : throw Truncated();

        public bool ReadBool() => ReadByte() switch
        {
            0 => false,
            1 => true,
            var other => throw new InvalidDataException($"Bad flag {other} at byte {_position - 1} of a {CompactTypeName} snapshot."),
        };

        public int ReadCount()
        {
            var count = ReadVarint();
            return count <= (ulong)(_data.Length - _position)
                ? (int)count
                : throw new InvalidDataException($"Count {count} at byte {_position} exceeds the {CompactTypeName} snapshot.");
        }

        public int ReadInt32()
        {
            var raw = ReadVarint();
            if (raw > uint.MaxValue)
            {
                throw new InvalidDataException($"Integer out of range at byte {_position} of a {CompactTypeName} snapshot.");
            }

            var value = (uint)raw;
            return (int)(value >> 1) ^ -(int)(value & 1);
        }

        /// <summary>An enum's number, checked against its highest defined value.</summary>
        public int ReadEnum(int max)
        {
            var value = ReadInt32();
            return value >= 0 && value <= max
                ? value
                : throw new InvalidDataException($"Enum value {value} out of range at byte {_position} of a {CompactTypeName} snapshot.");
        }

        public long ReadInt64()
        {
            var value = ReadVarint();
            return (long)(value >> 1) ^ -(long)(value & 1);
        }

        public DateTimeOffset ReadTime()
        {
            var ticks = ReadVarint();
            var offsetMinutes = ReadInt32();
            try
            {
                return new DateTimeOffset(checked((long)ticks), TimeSpan.FromMinutes(offsetMinutes));
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                throw new InvalidDataException($"Bad time at byte {_position} of a {CompactTypeName} snapshot.", e);
            }
        }

        public DateTimeOffset? ReadOptionalTime() => ReadBool() ? ReadTime() : null;

        public string ReadRequiredString() =>
            ReadString() ?? throw new InvalidDataException($"A required string is null at byte {_position} of a {CompactTypeName} snapshot.");

        public string? ReadString()
        {
            var tag = ReadVarint();
            switch (tag)
            {
                case 0:
                    return null;
                case 1:
                    var bytes = ReadRaw(ReadCount());
                    var value = bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
                    _strings.Add(value);
                    return value;
                case 2:
                    var length = ReadCount();
                    var units = ReadRaw(checked(length * 2));
                    var text = string.Create(length, units.ToArray(), static (chars, raw) =>
                    {
                        for (var i = 0; i < chars.Length; i++)
                        {
                            chars[i] = (char)(raw[2 * i] | (raw[(2 * i) + 1] << 8));
                        }
                    });
                    _strings.Add(text);
                    return text;
                default:
                    var index = tag - 3;
                    return index < (ulong)_strings.Count
                        ? _strings[(int)index]
                        : throw new InvalidDataException($"String reference {index} at byte {_position} of a {CompactTypeName} snapshot points past the {_strings.Count} strings read.");
            }
        }

        public readonly void EnsureEnd()
        {
            if (_position != _data.Length)
            {
                throw new InvalidDataException($"{_data.Length - _position} bytes left over after a {CompactTypeName} snapshot.");
            }
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                var b = ReadByte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException($"Bad varint at byte {_position} of a {CompactTypeName} snapshot.");
        }

        private readonly InvalidDataException Truncated() =>
            new($"The {CompactTypeName} snapshot is truncated (at byte {_position} of {_data.Length}).");
    }
}
