namespace Tessera.Manifests;

internal sealed partial class EntryPage
{
    /// <summary>
    /// The keys of a columns-layout page in order: every shared length, then every suffix length,
    /// then every suffix, read side by side; or, with <see cref="KeyStepFlag"/>, the first key and
    /// its successors. Each key is written over the one before it in a buffer, whose first bytes it
    /// shares, so a key costs a copy of its suffix alone (or an increment).
    /// </summary>
    private ref struct KeyCursor
    {
        private readonly ReadOnlySpan<byte> data;
        private readonly bool step;
        private int sharedPos;
        private int lengthPos;
        private int suffixPos;
        private int previousLength;

        /// <param name="pos">Where the shared lengths (or the first key's length) start.</param>
        public KeyCursor(ReadOnlySpan<byte> data, int pos, int count, bool step)
        {
            this.data = data;
            this.step = step;
            if (step)
            {
                this.previousLength = -1;
                this.suffixPos = pos;
                return;
            }
            this.sharedPos = pos;
            this.lengthPos = Skip(data, pos, count);
            this.suffixPos = Skip(data, this.lengthPos, count);
        }

        /// <summary>Once every key is read: where the keys' bytes end (the suffixes, or the first key).</summary>
        public readonly int End => this.suffixPos;

        /// <summary>The next key, over the key before it in <paramref name="key"/> (<see cref="MaxKeyLength"/> bytes); returns its length.</summary>
        public int Next(scoped Span<byte> key)
        {
            if (this.step)
                return this.NextStep(key);
            int shared = VarInt.ReadInt(this.data, ref this.sharedPos, this.previousLength);
            int suffix = VarInt.ReadInt(this.data, ref this.lengthPos, MaxKeyLength - shared);
            if (suffix > this.data.Length - this.suffixPos)
                throw new CorruptObjectException("A manifest page's keys run past its end; verify the repository.");
            this.data.Slice(this.suffixPos, suffix).CopyTo(key[shared..]);
            this.suffixPos += suffix;
            return this.previousLength = shared + suffix;
        }

        /// <summary>The first key as stored, then each key before plus one.</summary>
        private int NextStep(scoped Span<byte> key)
        {
            if (this.previousLength < 0)
            {
                int length = VarInt.ReadInt(this.data, ref this.suffixPos, MaxKeyLength);
                if (length > this.data.Length - this.suffixPos)
                    throw new CorruptObjectException("A manifest page's keys run past its end; verify the repository.");
                this.data.Slice(this.suffixPos, length).CopyTo(key);
                this.suffixPos += length;
                return this.previousLength = length;
            }
            for (int b = this.previousLength - 1; b >= 0; b--)
            {
                if (++key[b] != 0)
                    return this.previousLength;
            }
            throw new CorruptObjectException("A manifest page's keys step past their largest value; verify the repository.");
        }

        /// <summary>Past <paramref name="count"/> varints; most lengths are below 128, a byte each, checked a vector at a time.</summary>
        private static int Skip(ReadOnlySpan<byte> data, int pos, int count)
        {
            if (count <= data.Length - pos && !data.Slice(pos, count).ContainsAnyInRange((byte)0x80, (byte)0xFF))
                return pos + count;
            for (int i = 0; i < count; i++)
                VarInt.Read(data, ref pos);
            return pos;
        }
    }
}
